import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src-shared/protocol/agent';
import { installCrashGuard } from './crash-guard';
import type { WorkerPort } from './worker-port';

function fakePort(flush: () => Promise<void> = () => Promise.resolve()): WorkerPort & { posted: AgentEvent[] } {
  const posted: AgentEvent[] = [];
  return { posted, onMessage: () => () => undefined, onDisconnect: () => () => undefined, post: (e) => posted.push(e as AgentEvent), flush };
}

describe('crash guard', () => {
  it('reports an uncaught exception, then exits 1 once the port is flushed', async () => {
    const port = fakePort();
    const source = new EventEmitter();
    const exited = new Promise<number>((resolve) => installCrashGuard({ port, source, exit: resolve }));
    source.emit('uncaughtException', new Error('kaboom'));
    source.emit('unhandledRejection', new Error('second'));
    expect(await exited).toBe(1);
    expect(port.posted).toHaveLength(1);
    expect(port.posted[0]?.msg).toMatchObject({ type: 'error', code: 'internal', willRetry: false });
    expect(port.posted[0]?.msg.type === 'error' && port.posted[0].msg.message).toContain('kaboom');
  });

  it('exits even when the channel never drains', async () => {
    const port = fakePort(() => new Promise(() => undefined));
    const source = new EventEmitter();
    const exited = new Promise<number>((resolve) => installCrashGuard({ port, source, exit: resolve, flushTimeoutMs: 10 }));
    source.emit('unhandledRejection', 'a string reason');
    expect(await exited).toBe(1);
  });
});
