import { describe, expect, it } from 'vitest';
import { commands, ok } from '../../../src-shared/protocol/api';
import { createApiHandler, type CommandHandlers } from './api-handler';
import { recordingLogger } from '../test-support/fleet-test-support';

function handlers(overrides: Partial<CommandHandlers> = {}): CommandHandlers {
  const unused = async () => {
    throw new Error('not used in this test');
  };
  const all = Object.fromEntries(Object.keys(commands).map((name) => [name, unused])) as unknown as CommandHandlers;
  return { ...all, 'threads.list': async () => ok([]), ...overrides };
}

describe('api handler', () => {
  it('passes validated params to the command handler', async () => {
    const seen: unknown[] = [];
    const handle = createApiHandler(
      handlers({ 'thread.send': async (params) => (seen.push(params), ok({ messageId: 'm1' })) }),
      recordingLogger(),
    );
    expect(await handle('thread.send', { threadId: 't', text: 'x', mode: 'queue', extra: true })).toEqual({ ok: true, value: { messageId: 'm1' } });
    expect(seen).toEqual([{ threadId: 't', text: 'x', mode: 'queue' }]);
    expect(await handle('threads.list', undefined)).toEqual({ ok: true, value: [] });
  });

  it('summarises schema issues, naming the field', async () => {
    const handle = createApiHandler(handlers(), recordingLogger());
    expect(await handle('thread.events', { threadId: 't', afterSeq: 1.5 })).toEqual({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringMatching(/^Invalid parameters for thread.events: afterSeq: /) },
    });
  });

  it('turns an exception into an internal error and logs it, never throwing', async () => {
    const logger = recordingLogger();
    const handle = createApiHandler(handlers({ 'app.info': async () => Promise.reject(new Error('disk on fire')) }), logger);
    const result = await handle('app.info', {});
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: expect.stringContaining('disk on fire') } });
    expect(logger.lines).toEqual([expect.stringContaining('Command app.info failed unexpectedly')]);
  });

  it('does not treat inherited object keys as commands', async () => {
    const handle = createApiHandler(handlers(), recordingLogger());
    expect(await handle('toString', {})).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    expect(await handle('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
  });
});
