import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoModelServer, startDemoModelServer } from '../demo/server';
import {
  fakeEnvironment,
  makeConfig,
  runUserTurn as turn,
  say,
  startScriptedAgent,
  startTestAgent,
} from './test-support/agent-test-support';

let server: DemoModelServer;
beforeAll(async () => {
  server = await startDemoModelServer();
});
afterAll(() => server.close());

describe('agent errors and retries', () => {
  it('maps 401 to auth_failed, aborts the turn, and stays usable', async () => {
    const t = await startScriptedAgent(server, [{ error: { status: 401, message: 'Incorrect API key provided' } }, say('back')]);
    expect(await turn(t, 'hi')).toMatchObject({ type: 'turn_aborted', reason: 'error' });
    const [error] = t.log.msgs('error');
    expect(error).toEqual({
      type: 'error',
      code: 'auth_failed',
      message: `The API key was rejected by ${server.url}. Check the key in settings.`,
      willRetry: false,
    });
    expect(await turn(t, 'again')).toMatchObject({ type: 'turn_completed', summary: 'back' });
  });

  it('maps 404 to model_not_found', async () => {
    const t = await startScriptedAgent(server, [{ error: { status: 404, message: 'no such model' } }]);
    expect(await turn(t, 'hi')).toMatchObject({ type: 'turn_aborted', reason: 'error' });
    expect(t.log.msgs('error')[0]).toMatchObject({ code: 'model_not_found', message: `Model flotilla-demo was not found at ${server.url}.` });
  });

  it('retries a 500 and a cut stream, then completes', async () => {
    const t = await startScriptedAgent(server, [
      { error: { status: 500, message: 'boom' } },
      { output: [{ type: 'message', text: 'a long enough answer to cut' }], chunkSize: 4, cutAfterDeltas: 2 },
      say('recovered'),
    ]);
    expect(await turn(t, 'hi')).toMatchObject({ type: 'turn_completed', summary: 'recovered' });
    const errors = t.log.msgs('error');
    expect(errors.map((e) => [e.code, e.willRetry])).toEqual([
      ['server_error', true],
      ['stream_failed', true],
    ]);
    // The retry reuses the cut attempt's item id, so the transcript shows one answer, not two.
    const started = t.log.msgs('item_started').filter((m) => m.item.type === 'assistant_message');
    expect(new Set(started.map((m) => m.item.id)).size).toBe(1);
    expect(t.log.msgs('item_completed').at(-1)?.item).toMatchObject({ text: 'recovered' });
  });

  it('honours 429 retry-after and reports rate_limited', async () => {
    const t = await startScriptedAgent(server, [{ error: { status: 429, message: 'slow down', retryAfterSeconds: 0 } }, say('ok')]);
    expect(await turn(t, 'hi')).toMatchObject({ type: 'turn_completed' });
    expect(t.log.msgs('error')[0]).toMatchObject({ code: 'rate_limited', willRetry: true });
  });

  it('gives up after bounded attempts', async () => {
    const fail = { error: { status: 503, message: 'overloaded' } };
    const t = await startScriptedAgent(server, [fail, fail, fail, fail, say('never')]);
    expect(await turn(t, 'hi')).toMatchObject({ type: 'turn_aborted', reason: 'error' });
    expect(t.log.msgs('error').map((e) => e.willRetry)).toEqual([true, true, true, false]);
    expect(t.bodies()).toHaveLength(4);
  });

  it('aborts and retries a stream that goes silent past the idle timeout', async () => {
    const config = makeConfig({ baseUrl: server.url, worktreePath: process.cwd() });
    server.registerScript(config.threadId, { name: 'idle', responses: [{ ...say('late'), delayMs: 30_000 }, say('prompt')] });
    const t = startTestAgent({ createEnvironment: async () => fakeEnvironment([]), idleTimeoutMs: 1_000 });
    t.send({ type: 'configure', config });
    expect(await turn(t, 'hi')).toMatchObject({ type: 'turn_completed', summary: 'prompt' });
    expect(t.log.msgs('error')[0]).toMatchObject({ code: 'stream_failed', willRetry: true });
  });

  it('reports an unreachable server as model_unreachable', async () => {
    const closed = await startDemoModelServer();
    await closed.close();
    const config = makeConfig({ baseUrl: closed.url, worktreePath: process.cwd() });
    const t = startTestAgent({ createEnvironment: async () => fakeEnvironment([]) });
    t.send({ type: 'configure', config });
    expect(await turn(t, 'hi')).toMatchObject({ type: 'turn_aborted', reason: 'error' });
    const errors = t.log.msgs('error');
    expect(errors.map((e) => e.willRetry)).toEqual([true, true, true, false]);
    expect(errors.at(-1)?.code).toBe('model_unreachable');
    expect(errors.at(-1)?.message).toMatch(new RegExp(`^Cannot reach the model server at ${escape(closed.url)}: .*ECONNREFUSED.*\\. Is it running\\?$`));
  });
});


function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
