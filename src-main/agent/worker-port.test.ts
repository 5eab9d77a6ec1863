import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src-shared/protocol/agent';
import { createProcessPort } from './worker-port';

const event: AgentEvent = { id: 's1', msg: { type: 'turn_started', turnId: 't1' } };

describe('worker port', () => {
  it("uses Electron's parentPort when there is one", async () => {
    const parent = Object.assign(new EventEmitter(), { posted: [] as unknown[], postMessage: (m: unknown) => parent.posted.push(m) });
    const proc = Object.assign(new EventEmitter(), { parentPort: parent }) as unknown as NodeJS.Process;
    const port = createProcessPort(proc);
    const received: unknown[] = [];
    const dispose = port.onMessage((m) => received.push(m));
    parent.emit('message', { data: { id: 'x' } });
    dispose();
    parent.emit('message', { data: { id: 'y' } });
    port.post(event);
    await port.flush();
    expect(received).toEqual([{ id: 'x' }]);
    expect(parent.posted).toEqual([event]);
  });

  it('uses process.send under child_process.fork and flushes pending sends', async () => {
    const callbacks: Array<() => void> = [];
    const sent: unknown[] = [];
    const emitter = new EventEmitter();
    const proc = Object.assign(emitter, {
      connected: true,
      send: (m: unknown, _h: unknown, _o: unknown, cb: () => void) => (sent.push(m), callbacks.push(cb), true),
    }) as unknown as NodeJS.Process;
    const port = createProcessPort(proc);
    const received: unknown[] = [];
    port.onMessage((m) => received.push(m));
    let disconnected = false;
    port.onDisconnect(() => (disconnected = true));
    emitter.emit('message', { id: 'x' });
    emitter.emit('disconnect');
    port.post(event);
    let flushed = false;
    const flushing = port.flush().then(() => (flushed = true));
    await Promise.resolve();
    expect(flushed).toBe(false);
    for (const cb of callbacks) cb();
    await flushing;
    expect([received, sent, disconnected]).toEqual([[{ id: 'x' }], [event], true]);
  });

  it('refuses to start without a channel', () => {
    expect(() => createProcessPort(new EventEmitter() as unknown as NodeJS.Process)).toThrow(/started by the fleet/);
  });
});
