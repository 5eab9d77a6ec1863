import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoScript } from './script';
import { startDemoModelServer, type DemoModelServer } from './server';
import { demoClient } from './test-support/demo-clients';

const PATCH = '*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch';

const TOOLS_SCRIPT: DemoScript = {
  name: 'tools',
  responses: [
    {
      chunkSize: 5,
      output: [
        { type: 'reasoning', text: 'Thinking it over.' },
        { type: 'message', text: 'Looking around first.' },
        { type: 'function_call', name: 'exec_command', arguments: { cmd: 'ls -la', yield_time_ms: 1000 } },
        { type: 'custom_tool_call', name: 'apply_patch', input: PATCH },
      ],
    },
    { output: [{ type: 'message', text: 'All done.' }] },
  ],
};

const EXPECTED_EVENT_TYPES = [
  'response.created',
  'response.in_progress',
  'response.output_item.added',
  'response.reasoning_summary_part.added',
  ...Array<string>(4).fill('response.reasoning_summary_text.delta'),
  'response.reasoning_summary_text.done',
  'response.reasoning_summary_part.done',
  'response.output_item.done',
  'response.output_item.added',
  'response.content_part.added',
  ...Array<string>(5).fill('response.output_text.delta'),
  'response.output_text.done',
  'response.content_part.done',
  'response.output_item.done',
  'response.output_item.added',
  ...Array<string>(8).fill('response.function_call_arguments.delta'),
  'response.function_call_arguments.done',
  'response.output_item.done',
  'response.output_item.added',
  ...Array<string>(Math.ceil(PATCH.length / 5)).fill('response.custom_tool_call_input.delta'),
  'response.custom_tool_call_input.done',
  'response.output_item.done',
  'response.completed',
];

describe('demo model server: Responses API', () => {
  let server: DemoModelServer;
  beforeAll(async () => {
    server = await startDemoModelServer();
  });
  afterAll(() => server.close());

  it('streams every event the SDK helper checks, in order, and the final response holds the script', async () => {
    server.registerScript('stream-thread', TOOLS_SCRIPT);
    const stream = demoClient(server).responses.stream({
      model: 'demo',
      input: 'hi',
      prompt_cache_key: 'stream-thread',
    });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const final = await stream.finalResponse();

    expect(events.map((e) => e.type)).toEqual(EXPECTED_EVENT_TYPES);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe('Looking around first.');
    const [reasoning, message, call, custom] = final.output;
    expect(reasoning).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking it over.' }] });
    expect(message).toMatchObject({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Looking around first.' }] });
    expect(call?.type).toBe('function_call');
    if (call?.type !== 'function_call') throw new Error('expected a function call');
    expect(call.name).toBe('exec_command');
    expect(call.call_id).toMatch(/^call_/);
    expect(JSON.parse(call.arguments)).toEqual({ cmd: 'ls -la', yield_time_ms: 1000 });
    expect(custom).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch', input: PATCH });
    expect(custom?.type === 'custom_tool_call' && custom.call_id).toMatch(/^call_/);
    expect(final.usage?.output_tokens_details.reasoning_tokens).toBe(Math.ceil('Thinking it over.'.length / 4));
  });

  it('gives deltas that add up to the done events', async () => {
    server.registerScript('delta-thread', TOOLS_SCRIPT);
    const stream = demoClient(server).responses.stream({ model: 'demo', input: 'hi', prompt_cache_key: 'delta-thread' });
    let text = '';
    let args = '';
    let input = '';
    stream.on('response.output_text.delta', (e) => (text += e.delta));
    stream.on('response.function_call_arguments.delta', (e) => (args += e.delta));
    stream.on('response.custom_tool_call_input.delta', (e) => (input += e.delta));
    await stream.finalResponse();
    expect(text).toBe('Looking around first.');
    expect(JSON.parse(args)).toEqual({ cmd: 'ls -la', yield_time_ms: 1000 });
    expect(input).toBe(PATCH);
  });

  it('answers non-streaming requests with the same response', async () => {
    server.registerScript('plain-thread', TOOLS_SCRIPT);
    const client = demoClient(server);
    const first = await client.responses.create({ model: 'demo', input: 'hi', prompt_cache_key: 'plain-thread' });
    expect(first.object).toBe('response');
    expect(first.status).toBe('completed');
    expect(first.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call', 'custom_tool_call']);
    expect(first.output_text).toBe('Looking around first.');
    const second = await client.responses.create({ model: 'demo', input: 'hi', prompt_cache_key: 'plain-thread' });
    expect(second.output_text).toBe('All done.');
    const third = await client.responses.create({ model: 'demo', input: 'hi', prompt_cache_key: 'plain-thread' });
    expect(third.output_text).toBe('Nothing left in the script.');
    expect(third.output.every((item) => item.type === 'message')).toBe(true);
  });

  it('plays each key its own script, counted per key, with interleaved requests', async () => {
    const one = (text: string): DemoScript['responses'][number] => ({ output: [{ type: 'message', text }] });
    server.registerScript('thread-a', { name: 'a', responses: [one('a0'), one('a1')] });
    server.registerScript('thread-b', { name: 'b', responses: [one('b0'), one('b1')] });
    const client = demoClient(server);
    const ask = async (key: string): Promise<string> =>
      (await client.responses.create({ model: 'demo', input: 'go', prompt_cache_key: key })).output_text;
    expect(await ask('thread-a')).toBe('a0');
    expect(await ask('thread-b')).toBe('b0');
    expect(await ask('thread-b')).toBe('b1');
    expect(await ask('thread-a')).toBe('a1');
    const records = server.requests.filter((r) => r.promptCacheKey === 'thread-a' || r.promptCacheKey === 'thread-b');
    expect(records.map((r) => `${r.promptCacheKey}:${r.step}`)).toEqual(['thread-a:0', 'thread-b:0', 'thread-b:1', 'thread-a:1']);
    expect(records.every((r) => r.api === 'responses' && r.model === 'demo')).toBe(true);
  });

  it('plays the default script for unregistered keys, and keyless requests share one counter', async () => {
    const client = demoClient(server);
    const first = await client.responses.create({ model: 'demo', input: 'hi' });
    expect(first.output.some((item) => item.type === 'function_call')).toBe(true);
    const keyless = server.requests.filter((r) => r.promptCacheKey === null);
    expect(keyless.map((r) => r.step)).toEqual([0]);
    await client.responses.create({ model: 'demo', input: 'hi' });
    expect(server.requests.filter((r) => r.promptCacheKey === null).map((r) => r.step)).toEqual([0, 1]);
  });

  it('waits delayMs before every delta', async () => {
    server.registerScript('slow-thread', {
      name: 'paced',
      responses: [{ chunkSize: 2, delayMs: 30, output: [{ type: 'message', text: 'abcdefgh' }] }],
    });
    const started = performance.now();
    const stream = demoClient(server).responses.stream({ model: 'demo', input: 'hi', prompt_cache_key: 'slow-thread' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (e) => deltas.push(e.delta));
    await stream.finalResponse();
    expect(deltas).toEqual(['ab', 'cd', 'ef', 'gh']);
    // Timers never fire (more than a millisecond) early, so this holds however loaded the machine is.
    expect(performance.now() - started).toBeGreaterThanOrEqual(4 * 30 - 8);
  });
});
