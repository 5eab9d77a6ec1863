import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoModelServer, startDemoModelServer } from '../demo/server';
import {
  callTool as call,
  fakeEnvironment,
  makeConfig,
  nextTick,
  recordingTool,
  runUserTurn as turn,
  say,
  startScriptedAgent,
  startTestAgent,
  type TestAgent,
} from './test-support/agent-test-support';
import { INTERRUPTED_NOTE } from './agent';
import type { Provider } from './providers/provider';
import { createProvider } from './providers/create-provider';
import type { Tool } from './tools/tool';

let server: DemoModelServer;
beforeAll(async () => {
  server = await startDemoModelServer();
});
afterAll(() => server.close());

describe('agent tool calls', () => {
  it('answers malformed arguments and unknown tools with an error output and continues', async () => {
    const exec = recordingTool('exec_command');
    const t = await startScriptedAgent(server, [call('exec_command', '{"cmd": "ls"'), call('no_such_tool', {}), say('fixed')], [exec]);
    expect(await turn(t, 'hi')).toMatchObject({ type: 'turn_completed', summary: 'fixed' });
    expect(exec.inputs).toEqual([]);
    const bodies = t.bodies();
    expect(bodies[1]).toContain('Invalid arguments for exec_command: not valid JSON');
    expect(bodies[2]).toContain('Unknown tool \\"no_such_tool\\". The available tools are: exec_command.');
    expect(t.log.msgs('item_completed').filter((m) => m.item.type === 'error')).toHaveLength(2);
  });

  it('delivers a steer after the running tool call, before the next request', async () => {
    let release!: () => void;
    let running!: () => void;
    const started = new Promise<void>((r) => (running = r));
    const exec = recordingTool('exec_command', () => {
      running();
      return new Promise<string>((r) => (release = () => r('tool done')));
    });
    const t = await startScriptedAgent(server, [call('exec_command', { cmd: 'make' }), say('done')], [exec]);
    const input = t.send({ type: 'user_input', text: 'build it' });
    await started;
    const steer = t.send({ type: 'steer', text: 'also run the tests' });
    release();
    await t.log.waitForMsg('turn_completed');
    const second = JSON.parse(t.bodies()[1] ?? '{}') as { input: Array<{ type?: string; content?: unknown }> };
    const tail = second.input.slice(-2);
    expect(tail[0]).toMatchObject({ type: 'function_call_output', output: 'tool done' });
    expect(tail[1]).toMatchObject({ role: 'user', content: 'also run the tests' });
    const steerItem = t.log.events.find((e) => e.msg.type === 'item_started' && e.msg.item.type === 'user_message' && e.msg.item.text === 'also run the tests');
    expect(steerItem?.id).toBe(steer);
    expect(t.log.events.find((e) => e.msg.type === 'turn_completed')?.id).toBe(input);
  });

  it('pause holds the next model request and stops running process groups; resume continues', async () => {
    const signals: string[] = [];
    let agentRef: TestAgent | null = null;
    const exec = recordingTool('exec_command', async () => {
      agentRef?.send({ type: 'pause' });
      await nextTick();
      return 'paused mid-call';
    });
    const config = makeConfig({ baseUrl: server.url, worktreePath: process.cwd() });
    server.registerScript(config.threadId, { name: 'pause', responses: [call('exec_command', { cmd: 'x' }), say('resumed')] });
    let streams = 0;
    const t = startTestAgent({
      createEnvironment: async () => fakeEnvironment([exec], () => [424242]),
      createProvider: (o) => countingProvider(createProvider(o), () => (streams += 1)),
      signalGroup: (pgid, signal) => signals.push(`${signal}:${pgid}`),
    });
    agentRef = t;
    t.send({ type: 'configure', config });
    t.send({ type: 'user_input', text: 'go' });
    await t.log.waitForMsg('usage');
    await waitUntil(() => exec.inputs.length === 1);
    // From the tool's return to the gate is microtasks only; two loop turns are plenty.
    await nextTick();
    await nextTick();
    expect(streams).toBe(1);
    // While paused the stop is re-applied now and then, to catch processes forked since.
    expect(new Set(signals)).toEqual(new Set(['SIGSTOP:424242']));
    t.send({ type: 'resume' });
    await t.log.waitForMsg('turn_completed');
    expect(streams).toBe(2);
    expect(signals.at(-1)).toBe('SIGCONT:424242');
    expect(signals.filter((s) => s.startsWith('SIGCONT'))).toHaveLength(1);
  });
});

describe('agent control', () => {
  it('keeps going when a steer arrives during the final answer, and a steer when idle starts a turn', async () => {
    const slow = { output: [{ type: 'message' as const, text: 'z'.repeat(60) }], chunkSize: 2, delayMs: 20 };
    const t = await startScriptedAgent(server, [slow, say('took it into account'), say('idle steer answered')]);
    t.send({ type: 'user_input', text: 'answer' });
    await t.log.waitForMsg('item_delta');
    t.send({ type: 'steer', text: 'and be brief' });
    const done = await t.log.waitForMsg('turn_completed');
    expect(done.summary).toBe('took it into account');
    expect(t.log.msgs('turn_started')).toHaveLength(1);
    expect(t.bodies()[1]).toContain('and be brief');
    t.send({ type: 'steer', text: 'one more thing' });
    await t.log.waitForMsg('turn_completed', (m) => m.summary === 'idle steer answered');
  });

  it('interrupt while paused aborts the turn; the pause holds the next turn until resume', async () => {
    let streams = 0;
    const config = makeConfig({ baseUrl: server.url, worktreePath: process.cwd() });
    server.registerScript(config.threadId, { name: 'paused', responses: [say('after resume')] });
    const t = startTestAgent({
      createEnvironment: async () => fakeEnvironment([]),
      createProvider: (o) => countingProvider(createProvider(o), () => (streams += 1)),
    });
    t.send({ type: 'configure', config });
    t.send({ type: 'pause' });
    t.send({ type: 'user_input', text: 'first' });
    await t.log.waitForMsg('item_completed');
    t.send({ type: 'interrupt' });
    await t.log.waitForMsg('turn_aborted', (m) => m.reason === 'interrupted');
    t.send({ type: 'user_input', text: 'second' });
    await t.log.waitForMsg('item_completed', (m) => m.item.type === 'user_message' && m.item.text === 'second');
    await nextTick();
    expect(streams).toBe(0);
    t.send({ type: 'resume' });
    await t.log.waitForMsg('turn_completed');
    expect(streams).toBe(1);
  });

  it('interrupts mid-stream and tells the model on the next turn', async () => {
    const slow = { output: [{ type: 'message' as const, text: 'x'.repeat(200) }], chunkSize: 2, delayMs: 50 };
    const t = await startScriptedAgent(server, [slow, say('fresh')]);
    t.send({ type: 'user_input', text: 'write a lot' });
    await t.log.waitForMsg('item_delta');
    const interrupt = t.send({ type: 'interrupt' });
    const aborted = await t.log.waitFor((e) => e.msg.type === 'turn_aborted', 'turn_aborted');
    expect(aborted).toMatchObject({ id: interrupt, msg: { reason: 'interrupted' } });
    // Items opened by the stream are closed even though it was cut short.
    const opened = t.log.msgs('item_started').map((m) => m.item.id);
    expect(t.log.msgs('item_completed').map((m) => m.item.id)).toEqual(opened);
    expect(await turn(t, 'next')).toMatchObject({ type: 'turn_completed', summary: 'fresh' });
    const last = JSON.parse(t.bodies().at(-1) ?? '{}') as { input: Array<{ content?: unknown }> };
    expect(last.input.slice(-2).map((i) => i.content)).toEqual([INTERRUPTED_NOTE, 'next']);
  });

  it('interrupts a running tool call through its signal', async () => {
    let sawAbort = false;
    let running!: () => void;
    const started = new Promise<void>((r) => (running = r));
    const hang: Tool = {
      definition: { kind: 'function', name: 'exec_command', description: 'hangs', parameters: { type: 'object' } },
      run: (_input, ctx) =>
        new Promise((resolve) => {
          ctx.signal.addEventListener('abort', () => ((sawAbort = true), resolve('killed')));
          running();
        }),
    };
    const t = await startScriptedAgent(server, [call('exec_command', { cmd: 'sleep 100' }), say('after')], [hang]);
    t.send({ type: 'user_input', text: 'go' });
    await started;
    t.send({ type: 'interrupt' });
    await t.log.waitForMsg('turn_aborted');
    expect(sawAbort).toBe(true);
    // The call got an output, so the conversation stays valid for the next request.
    expect(await turn(t, 'next')).toMatchObject({ type: 'turn_completed' });
    expect(t.bodies().at(-1)).toMatch(/Wall time: \d+\.\d seconds\\naborted by user/);
  });

  it('rejects malformed submissions with an error event and keeps going', async () => {
    const t = await startScriptedAgent(server, [say('fine')]);
    t.agent.handle({ id: 'bad-1', op: { type: 'fly' } });
    t.agent.handle('not even an object');
    const errors = t.log.events.filter((e) => e.msg.type === 'error');
    expect(errors[0]).toMatchObject({ id: 'bad-1', msg: { code: 'internal', willRetry: false } });
    expect(errors).toHaveLength(2);
    expect(await turn(t, 'hi')).toMatchObject({ type: 'turn_completed', summary: 'fine' });
  });

  it('refuses work before configure', async () => {
    const t = startTestAgent({ createEnvironment: async () => fakeEnvironment([]) });
    t.send({ type: 'user_input', text: 'hi' });
    const error = await t.log.waitForMsg('error');
    expect(error).toMatchObject({ code: 'bad_config' });
  });

  it('shutdown aborts the running turn and disposes the environment', async () => {
    let disposed = false;
    let shutdown = false;
    const config = makeConfig({ baseUrl: server.url, worktreePath: process.cwd() });
    server.registerScript(config.threadId, { name: 'slow', responses: [{ ...say('y'.repeat(100)), chunkSize: 1, delayMs: 100 }] });
    const t = startTestAgent({
      createEnvironment: async () => ({ ...fakeEnvironment([]), dispose: () => (disposed = true) }),
      onShutdown: () => (shutdown = true),
    });
    t.send({ type: 'configure', config });
    t.send({ type: 'user_input', text: 'go' });
    await t.log.waitForMsg('item_delta');
    t.send({ type: 'shutdown' });
    await t.agent.closed;
    expect(t.log.msgs('turn_aborted')).toEqual([expect.objectContaining({ reason: 'shutdown' })]);
    expect([disposed, shutdown]).toEqual([true, true]);
  });
});

function countingProvider(inner: Provider, onStream: () => void): Provider {
  return {
    stream(request, signal) {
      onStream();
      return inner.stream(request, signal);
    },
  };
}

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await nextTick();
}
