/**
 * Folds a thread's events into its transcript. Shared by the renderer (per-thread store) and the
 * CLI, so both show the same thing. Pure and incremental: apply one event at a time.
 */
import { assertNever } from './assert-never';
import type { TranscriptItem } from './protocol/items';
import type { ThreadEvent } from './protocol/thread-events';

export interface Transcript {
  items: TranscriptItem[];
  /** Index into `items` by item id, for O(1) deltas. */
  indexById: Record<string, number>;
  lastSeq: number;
}

export function emptyTranscript(): Transcript {
  return { items: [], indexById: {}, lastSeq: 0 };
}

/** Returns a new transcript when the event changes it; the same object when it does not. */
export function applyThreadEvent(t: Transcript, event: ThreadEvent): Transcript {
  if (event.seq <= t.lastSeq) return t;
  const next: Transcript = { ...t, lastSeq: event.seq };
  const msg = event.msg;
  switch (msg.type) {
    case 'item_started':
    case 'item_completed':
      return upsertItem(next, msg.item);
    case 'item_delta':
      return appendDelta(next, msg.itemId, msg.stream, msg.delta);
    case 'error':
      return msg.willRetry ? next : upsertItem(next, { type: 'error', id: `error-${event.seq}`, message: msg.message });
    case 'turn_aborted':
      return upsertItem(next, { type: 'error', id: `aborted-${event.seq}`, message: `Turn ${msg.reason}.` });
    case 'ready':
    case 'turn_started':
    case 'approval_requested':
    case 'usage':
    case 'turn_completed':
    case 'thread_created':
    case 'status_changed':
    case 'worker_exited':
    case 'diff_stat':
    // The fleet records that a message was sent; the worker's user_message item shows it once
    // it reaches the conversation, so the transcript does not show it twice.
    case 'user_message':
    case 'message_state':
      return next;
    default:
      return assertNever(msg, 'thread event');
  }
}

function upsertItem(t: Transcript, item: TranscriptItem): Transcript {
  const index = t.indexById[item.id];
  const items = t.items.slice();
  if (index === undefined) {
    items.push(item);
    return { ...t, items, indexById: { ...t.indexById, [item.id]: items.length - 1 } };
  }
  items[index] = item;
  return { ...t, items };
}

function appendDelta(t: Transcript, itemId: string, stream: 'text' | 'output', delta: string): Transcript {
  const index = t.indexById[itemId];
  if (index === undefined) return t;
  const item = t.items[index];
  if (!item) return t;
  const items = t.items.slice();
  if (stream === 'output' && item.type === 'command') {
    items[index] = { ...item, output: item.output + delta };
  } else if (stream === 'text' && (item.type === 'assistant_message' || item.type === 'reasoning')) {
    items[index] = { ...item, text: item.text + delta };
  } else {
    return t;
  }
  return { ...t, items };
}
