/**
 * Folds a thread's events into its transcript. Shared by the renderer (per-thread store) and the
 * CLI, so both show the same thing. Pure and incremental: apply one event at a time.
 */
import { assertNever } from './assert-never';
import { addUsage, ZERO_USAGE, type Usage } from './domain/thread';
import type { TranscriptItem } from './protocol/items';
import type { MessageState, ThreadEvent, ThreadEventMsg } from './protocol/thread-events';

/** What a finished turn's turn_usage item shows, summed while the turn runs. */
type TurnSpending = Pick<Extract<TranscriptItem, { type: 'turn_usage' }>, 'requests' | 'usage'>;
type DeltaStream = Extract<ThreadEventMsg, { type: 'item_delta' }>['stream'];

export interface Transcript {
  items: TranscriptItem[];
  /** Index into `items` by item id, for O(1) deltas. */
  indexById: Record<string, number>;
  lastSeq: number;
  /** Usage of turns still running, by turn id; shown as one item when the turn ends. */
  turnUsage: Record<string, TurnSpending>;
}

export function emptyTranscript(): Transcript {
  return { items: [], indexById: {}, lastSeq: 0, turnUsage: {} };
}

/** Returns a new transcript when the event changes it; the same object when it does not. */
export function applyThreadEvent(t: Transcript, event: ThreadEvent): Transcript {
  if (event.seq <= t.lastSeq) return t;
  const next: Transcript = { ...t, lastSeq: event.seq };
  const msg = event.msg;
  switch (msg.type) {
    case 'item_started':
    case 'item_completed':
      return upsertItem(next, keepDeliveryMark(t, msg.item));
    case 'item_delta':
      return appendDelta(next, msg.itemId, msg.stream, msg.delta);
    case 'error':
      return msg.willRetry ? next : upsertItem(next, { type: 'error', id: `error-${event.seq}`, message: msg.message });
    case 'turn_aborted':
      return endTurn(upsertItem(next, { type: 'error', id: `aborted-${event.seq}`, message: `Turn ${msg.reason}.` }), msg.turnId);
    case 'usage':
      return addTurnUsage(next, msg.turnId, msg.usage);
    case 'turn_completed':
      return endTurn(next, msg.turnId);
    case 'ready':
    case 'turn_started':
    case 'approval_requested':
    // The item itself shows the outcome: it runs, or completes as declined.
    case 'approval_resolved':
    case 'approval_mode_changed':
    case 'sandbox_changed':
    case 'thread_created':
    case 'status_changed':
    case 'worker_exited':
    case 'diff_stat':
    case 'merge_state':
    case 'worktree_size':
    case 'archive_state':
    case 'checkpoint':
    // Only for the worker: the conversation as the model sees it.
    case 'history_appended':
    // Never logged: the fleet re-measures the worktree instead.
    case 'turn_diff_updated':
      return next;
    // The fleet records that a message was sent; the worker's user_message item (with the same
    // id) shows it once it reaches the conversation, so the transcript does not show it twice.
    // A queued message shows at once, marked, since it may wait a whole turn; a steered one shows
    // at once as pending, since it waits for the running step to end.
    case 'user_message':
      if (!msg.messageId) return next;
      if (msg.delivery === 'queue') return upsertItem(next, { type: 'user_message', id: msg.messageId, text: msg.text, delivery: 'queued' });
      if (msg.delivery !== 'steer' || msg.messageId in t.indexById) return next;
      return upsertItem(next, { type: 'user_message', id: msg.messageId, text: msg.text, delivery: 'pending' });
    case 'message_state':
      return markMessage(next, msg.messageId, msg.state, msg.text);
    default:
      return assertNever(msg, 'thread event');
  }
}

function addTurnUsage(t: Transcript, turnId: string, usage: Usage): Transcript {
  const soFar = t.turnUsage[turnId] ?? { requests: 0, usage: ZERO_USAGE };
  return { ...t, turnUsage: { ...t.turnUsage, [turnId]: { requests: soFar.requests + 1, usage: addUsage(soFar.usage, usage) } } };
}

/** A finished turn gets one line with what it cost, after everything it did. */
function endTurn(t: Transcript, turnId: string): Transcript {
  const spent = t.turnUsage[turnId];
  if (!spent) return t;
  const { [turnId]: _done, ...rest } = t.turnUsage;
  return upsertItem({ ...t, turnUsage: rest }, { type: 'turn_usage', id: `usage-${turnId}`, turnId, ...spent });
}

/** The worker's item for a queued or steered message replaces the fleet's; it stays marked delivered. */
function keepDeliveryMark(t: Transcript, item: TranscriptItem): TranscriptItem {
  if (item.type !== 'user_message') return item;
  const index = t.indexById[item.id];
  const existing = index === undefined ? undefined : t.items[index];
  return existing?.type === 'user_message' && existing.delivery ? { ...item, delivery: 'delivered' } : item;
}

function markMessage(t: Transcript, id: string, state: MessageState, text: string): Transcript {
  const index = t.indexById[id];
  const existing = index === undefined ? undefined : t.items[index];
  // Only messages shown as queued carry a mark; a steer or new-turn message is the worker's item.
  if (existing?.type !== 'user_message' || !existing.delivery) return t;
  const delivery = state === 'edited' ? existing.delivery : state;
  return upsertItem(t, { ...existing, text: existing.delivery === 'delivered' ? existing.text : text, delivery });
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

function appendDelta(t: Transcript, itemId: string, stream: DeltaStream, delta: string): Transcript {
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
