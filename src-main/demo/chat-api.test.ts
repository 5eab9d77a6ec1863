import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoScript } from './script';
import { startDemoModelServer, type DemoModelServer } from './server';
import { demoClient } from './test-support/demo-clients';

const PATCH = '*** Begin Patch\n*** Add File: a.txt\n+a\n*** End Patch';

const CHAT_SCRIPT: DemoScript = {
  name: 'chat',
  responses: [
    {
      chunkSize: 4,
      output: [
        { type: 'reasoning', text: 'Hmm.' },
        { type: 'message', text: 'Running two tools.' },
        { type: 'function_call', name: 'exec_command', arguments: { cmd: 'git status --short' } },
        { type: 'custom_tool_call', name: 'apply_patch', input: PATCH },
      ],
    },
    { output: [{ type: 'message', text: 'Finished.' }] },
  ],
};

describe('demo model server: Chat Completions', () => {
  let server: DemoModelServer;
  beforeAll(async () => {
    server = await startDemoModelServer();
  });
  afterAll(() => server.close());

  it('streams tool calls that the SDK accumulates into finalChatCompletion()', async () => {
    server.registerScript('chat-stream', CHAT_SCRIPT);
    const stream = demoClient(server).chat.completions.stream({
      model: 'demo',
      messages: [{ role: 'user', content: 'go' }],
      prompt_cache_key: 'chat-stream',
      stream_options: { include_usage: true },
    });
    let content = '';
    const argumentsDone: string[] = [];
    stream.on('content', (delta) => (content += delta));
    stream.on('tool_calls.function.arguments.done', (e) => argumentsDone.push(e.name));
    const completion = await stream.finalChatCompletion();

    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBe('Running two tools.');
    expect(content).toBe('Running two tools.');
    const calls = (choice?.message.tool_calls ?? []).map((call) => {
      if (call.type !== 'function') throw new Error('expected function tool calls');
      return { id: call.id, name: call.function.name, args: JSON.parse(call.function.arguments) as unknown };
    });
    expect(calls.map(({ name, args }) => ({ name, args }))).toEqual([
      { name: 'exec_command', args: { cmd: 'git status --short' } },
      { name: 'apply_patch', args: { input: PATCH } },
    ]);
    expect(calls.every((call) => call.id.startsWith('call_'))).toBe(true);
    expect(argumentsDone).toEqual(['exec_command', 'apply_patch']);
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(1);
  });

  it('ends with finish_reason stop when the step has no tool call, and omits usage unless asked', async () => {
    server.registerScript('chat-stop', { name: 'stop', responses: [{ output: [{ type: 'message', text: 'Just text.' }] }] });
    const stream = demoClient(server).chat.completions.stream({
      model: 'demo',
      messages: [{ role: 'user', content: 'go' }],
      prompt_cache_key: 'chat-stop',
    });
    const chunks: unknown[] = [];
    stream.on('chunk', (chunk) => chunks.push(chunk));
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.choices[0]?.message.content).toBe('Just text.');
    expect(completion.choices[0]?.message.tool_calls).toBeUndefined();
    expect(completion.usage).toBeUndefined();
    expect(chunks.length).toBeGreaterThan(2);
  });

  it('answers non-streaming requests with a whole completion', async () => {
    server.registerScript('chat-plain', CHAT_SCRIPT);
    const client = demoClient(server);
    const request = { model: 'demo', messages: [{ role: 'user' as const, content: 'go' }], prompt_cache_key: 'chat-plain' };
    const first = await client.chat.completions.create(request);
    expect(first.object).toBe('chat.completion');
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(first.choices[0]?.message.tool_calls?.map((c) => (c.type === 'function' ? c.function.name : c.type))).toEqual([
      'exec_command',
      'apply_patch',
    ]);
    expect(first.usage?.total_tokens).toBe((first.usage?.prompt_tokens ?? 0) + (first.usage?.completion_tokens ?? 0));
    const second = await client.chat.completions.create(request);
    expect(second.choices[0]?.message.content).toBe('Finished.');
    expect(second.usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThan(0);
    expect(server.requests.filter((r) => r.promptCacheKey === 'chat-plain').map((r) => [r.api, r.step])).toEqual([
      ['chat', 0],
      ['chat', 1],
    ]);
  });

  it('lists and retrieves models', async () => {
    const models = await demoClient(server).models.list();
    expect(models.data.map((m) => m.id)).toContain('flotilla-demo');
    expect((await demoClient(server).models.retrieve('gpt-anything')).id).toBe('gpt-anything');
  });
});
