import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent, AgentEventMsg, WorkerTerminalEvent } from '../../src-shared/protocol/agent';
import { coalesceDeltas } from './delta-coalescing-port';
import type { WorkerPort } from './worker-port';

const WINDOW = 50;

function recordingPort(): WorkerPort & { posted: Array<AgentEvent | WorkerTerminalEvent>; flushes: number } {
  const port = {
    posted: [] as Array<AgentEvent | WorkerTerminalEvent>,
    flushes: 0,
    onMessage: () => () => undefined,
    onDisconnect: () => () => undefined,
    post: (event: AgentEvent | WorkerTerminalEvent) => void port.posted.push(event),
    flush: () => {
      port.flushes += 1;
      return Promise.resolve();
    },
  };
  return port;
}

const event = (msg: AgentEventMsg, id = 's1'): AgentEvent => ({ id, msg });
const delta = (text: string, itemId = 'i1', stream: 'text' | 'output' = 'text'): AgentEvent => event({ type: 'item_delta', turnId: 't1', itemId, stream, delta: text });
const deltas = (posted: Array<AgentEvent | WorkerTerminalEvent>) => posted.map((e) => ('id' in e && e.msg.type === 'item_delta' ? e.msg.delta : `<${e.msg.type}>`));

describe('coalesceDeltas', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the first delta at once and the rest of the window as one', () => {
    const inner = recordingPort();
    const port = coalesceDeltas(inner, WINDOW);
    port.post(delta('Hel'));
    expect(deltas(inner.posted)).toEqual(['Hel']);
    port.post(delta('lo, '));
    port.post(delta('world'));
    expect(deltas(inner.posted)).toEqual(['Hel']);
    vi.advanceTimersByTime(WINDOW);
    expect(deltas(inner.posted)).toEqual(['Hel', 'lo, world']);
    // The stream goes on: still one message per window, none when nothing came.
    port.post(delta('!'));
    expect(deltas(inner.posted)).toEqual(['Hel', 'lo, world']);
    vi.advanceTimersByTime(WINDOW);
    expect(deltas(inner.posted)).toEqual(['Hel', 'lo, world', '!']);
    vi.advanceTimersByTime(WINDOW * 3);
    expect(inner.posted).toHaveLength(3);
    // Quiet for a window: the next first delta is not held either.
    port.post(delta('?'));
    expect(deltas(inner.posted)).toEqual(['Hel', 'lo, world', '!', '?']);
  });

  it('keeps the order: any other event sends the held delta first', () => {
    const inner = recordingPort();
    const port = coalesceDeltas(inner, WINDOW);
    port.post(delta('a'));
    port.post(delta('b'));
    port.post(event({ type: 'item_completed', turnId: 't1', item: { type: 'assistant_message', id: 'i1', text: 'ab' } }));
    expect(deltas(inner.posted)).toEqual(['a', 'b', '<item_completed>']);
    vi.advanceTimersByTime(WINDOW * 2);
    expect(inner.posted).toHaveLength(3);
  });

  it('never merges different items, streams or submissions', () => {
    const inner = recordingPort();
    const port = coalesceDeltas(inner, WINDOW);
    port.post(delta('first'));
    port.post(delta('x', 'i2'));
    port.post(delta('out', 'i2', 'output'));
    port.post(event({ type: 'item_delta', turnId: 't1', itemId: 'i2', stream: 'output', delta: 'other' }, 's2'));
    vi.advanceTimersByTime(WINDOW);
    expect(inner.posted.map((e) => ('id' in e && e.msg.type === 'item_delta' ? `${e.id}/${e.msg.itemId}/${e.msg.stream}:${e.msg.delta}` : ''))).toEqual([
      's1/i1/text:first',
      's1/i2/text:x',
      's1/i2/output:out',
      's2/i2/output:other',
    ]);
  });

  it('passes terminal output through at once, without sending a held delta', () => {
    const inner = recordingPort();
    const port = coalesceDeltas(inner, WINDOW);
    port.post(delta('a'));
    port.post(delta('b'));
    const typed: WorkerTerminalEvent = { kind: 'terminal', msg: { type: 'output', data: 'l' } };
    port.post(typed);
    expect(inner.posted).toEqual([delta('a'), typed]);
    vi.advanceTimersByTime(WINDOW);
    expect(deltas(inner.posted)).toEqual(['a', '<output>', 'b']);
  });

  it('flush sends what is held, then flushes the channel', async () => {
    const inner = recordingPort();
    const port = coalesceDeltas(inner, WINDOW);
    port.post(delta('a'));
    port.post(delta('b'));
    await port.flush();
    expect(deltas(inner.posted)).toEqual(['a', 'b']);
    expect(inner.flushes).toBe(1);
    // A late delta (a Codex notification after the turn ended) is not held for a window that may never end.
    port.post(delta('c'));
    expect(deltas(inner.posted)).toEqual(['a', 'b', 'c']);
  });
});
