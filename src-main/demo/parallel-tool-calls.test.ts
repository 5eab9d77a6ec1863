/**
 * A step with several tool calls answers a request that allows parallel calls with all of them,
 * each under its own call id, and is refused to a request that set parallel_tool_calls: false.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoScript } from './script';
import { startDemoModelServer, type DemoModelServer } from './server';
import { demoClient } from './test-support/demo-clients';

const TWO_CALLS: DemoScript = {
  name: 'two-calls',
  responses: [
    {
      output: [
        { type: 'function_call', name: 'exec_command', arguments: { cmd: 'ls' } },
        { type: 'custom_tool_call', name: 'apply_patch', input: '*** Begin Patch\n*** Add File: a.txt\n+a\n*** End Patch' },
      ],
    },
  ],
};

let server: DemoModelServer;
beforeAll(async () => {
  server = await startDemoModelServer();
});
afterAll(() => server.close());

const REFUSAL = /answers with 2 tool calls, but the request set parallel_tool_calls: false/;

describe('several tool calls in one step', () => {
  it('streams every call on the Responses API when parallel calls are allowed', async () => {
    server.registerScript('responses-parallel', TWO_CALLS);
    const stream = await demoClient(server).responses.create({
      model: 'flotilla-demo',
      input: 'go',
      stream: true,
      parallel_tool_calls: true,
      prompt_cache_key: 'responses-parallel',
    });
    let output: OpenAI.Responses.ResponseOutputItem[] = [];
    for await (const event of stream) if (event.type === 'response.completed') output = event.response.output;
    expect(output.map((item) => item.type)).toEqual(['function_call', 'custom_tool_call']);
    const ids = output.map((item) => ('call_id' in item ? item.call_id : null));
    expect(new Set(ids).size).toBe(2);
  });

  it('streams every call on Chat Completions, which sets no parallel_tool_calls', async () => {
    server.registerScript('chat-parallel', TWO_CALLS);
    const stream = await demoClient(server).chat.completions.create({
      model: 'flotilla-demo',
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
      prompt_cache_key: 'chat-parallel',
    });
    const names = new Map<number, string>();
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) if (call.function?.name) names.set(call.index, call.function.name);
    }
    expect([...names.values()]).toEqual(['exec_command', 'apply_patch']);
  });

  it('refuses them to a request that set parallel_tool_calls: false, on either API', async () => {
    const client = demoClient(server);
    server.registerScript('responses-single', TWO_CALLS);
    const responses = client.responses.create({
      model: 'flotilla-demo',
      input: 'go',
      parallel_tool_calls: false,
      prompt_cache_key: 'responses-single',
    });
    await expect(responses).rejects.toMatchObject({ status: 400, message: expect.stringMatching(REFUSAL) });
    server.registerScript('chat-single', TWO_CALLS);
    const chat = client.chat.completions.create({
      model: 'flotilla-demo',
      messages: [{ role: 'user', content: 'go' }],
      parallel_tool_calls: false,
      prompt_cache_key: 'chat-single',
    });
    await expect(chat).rejects.toMatchObject({ status: 400, message: expect.stringMatching(REFUSAL) });
  });
});
