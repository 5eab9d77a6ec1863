import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoModelServer, type DemoModelServer } from './server';
import { demoClient } from './test-support/demo-clients';
import { canonicalChatPrompt, canonicalResponsesPrompt, countOutputTokens, PrefixCache, stableJson } from './usage';

describe('usage accounting', () => {
  it('serializes prompts canonically: key order does not matter, appended items extend the prompt', () => {
    expect(stableJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const first = canonicalResponsesPrompt({ instructions: 'be brief', tools: [], input: [{ role: 'user', content: 'hi' }] });
    const longer = canonicalResponsesPrompt({
      tools: [],
      instructions: 'be brief',
      input: [{ content: 'hi', role: 'user' }, { type: 'function_call_output', call_id: 'c', output: 'ok' }],
    });
    expect(longer.startsWith(first)).toBe(true);
    expect(canonicalResponsesPrompt({ input: 'hi' })).toBe(canonicalResponsesPrompt({ input: [{ role: 'user', content: 'hi' }] }));
  });

  it('puts leading system messages before tools on Chat', () => {
    const prompt = canonicalChatPrompt({
      tools: [{ type: 'function' }],
      messages: [{ role: 'system', content: 'S' }, { role: 'user', content: 'U' }],
    });
    expect(prompt.indexOf('"S"')).toBeLessThan(prompt.indexOf('"function"'));
    expect(prompt.indexOf('"function"')).toBeLessThan(prompt.indexOf('"U"'));
  });

  it('caches per key the longest prefix shared with any earlier prompt', () => {
    const cache = new PrefixCache();
    cache.store('k', 'abcdef');
    cache.store('k', 'abxxxxxxxx');
    expect(cache.lookup('k', 'abcdefgh')).toBe(6);
    expect(cache.lookup('k', 'abxxxxxxxxyy')).toBe(10);
    expect(cache.lookup('other', 'abcdef')).toBe(0);
    cache.store(null, 'abcdef');
    expect(cache.lookup(null, 'abcdef')).toBe(0);
  });

  it('counts reasoning inside output tokens', () => {
    const counts = countOutputTokens([
      { type: 'reasoning', text: '12345' },
      { type: 'message', text: '1234' },
      { type: 'function_call', name: 'f', arguments: { a: 1 } },
    ]);
    expect(counts).toEqual({ reasoningTokens: 2, outputTokens: 2 + Math.ceil((4 + '{"a":1}'.length) / 4) });
  });
});

describe('demo model server: prompt cache', () => {
  let server: DemoModelServer;
  beforeAll(async () => {
    server = await startDemoModelServer();
  });
  afterAll(() => server.close());

  const conversation = [
    { role: 'user' as const, content: 'Please look at the repository and describe it.' },
    { role: 'assistant' as const, content: 'It is a small TypeScript project with a few files.' },
  ];
  const instructions = 'You are a careful coding agent. '.repeat(20);

  it('reports cached tokens for a request that extends an earlier one, fewer when the prefix changed', async () => {
    const client = demoClient(server);
    const ask = (input: typeof conversation, instr = instructions) =>
      client.responses.create({ model: 'demo', instructions: instr, input, prompt_cache_key: 'cache-thread' });

    const first = await ask(conversation.slice(0, 1));
    expect(first.usage?.input_tokens_details.cached_tokens).toBe(0);
    const firstTokens = first.usage?.input_tokens ?? 0;

    const second = await ask(conversation);
    const cachedSecond = second.usage?.input_tokens_details.cached_tokens ?? 0;
    expect(second.usage?.input_tokens).toBeGreaterThan(firstTokens);
    expect(Math.abs(cachedSecond - firstTokens)).toBeLessThanOrEqual(1);

    const changed = await ask(conversation, `Changed. ${instructions}`);
    expect(changed.usage?.input_tokens_details.cached_tokens).toBeLessThan(5);
    expect(changed.usage?.input_tokens).toBeGreaterThan(cachedSecond);

    const records = server.requests.filter((r) => r.promptCacheKey === 'cache-thread');
    expect(records.map((r) => r.cachedTokens)).toEqual([0, cachedSecond, changed.usage?.input_tokens_details.cached_tokens]);
    expect(records.map((r) => r.inputTokens)).toEqual([firstTokens, second.usage?.input_tokens, changed.usage?.input_tokens]);
  });

  it('keeps caches apart per key, and never caches a request without a key', async () => {
    const client = demoClient(server);
    const body = { model: 'demo', instructions, input: conversation };
    await client.responses.create({ ...body, prompt_cache_key: 'cache-a' });
    const otherKey = await client.responses.create({ ...body, prompt_cache_key: 'cache-b' });
    expect(otherKey.usage?.input_tokens_details.cached_tokens).toBe(0);
    await client.responses.create(body);
    const keyless = await client.responses.create(body);
    expect(keyless.usage?.input_tokens_details.cached_tokens).toBe(0);
  });

  it('uses the prompt_cache_key body field on Chat Completions', async () => {
    const client = demoClient(server);
    const messages = [{ role: 'system' as const, content: instructions }, ...conversation];
    await client.chat.completions.create({ model: 'demo', messages: messages.slice(0, 2), prompt_cache_key: 'cache-chat' });
    const second = await client.chat.completions.create({ model: 'demo', messages, prompt_cache_key: 'cache-chat' });
    expect(second.usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThan((second.usage?.prompt_tokens ?? 0) / 2);
  });
});
