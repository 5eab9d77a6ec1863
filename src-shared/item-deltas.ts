/**
 * Consecutive deltas of one item, merged into one: the worker does it per 50 ms window before its
 * IPC channel (src-main/agent/delta-coalescing-port.ts), the fleet per frame before its clients
 * (src-main/fleet/thread/client-events.ts). Both carry the same `item_delta` message.
 */
import type { AgentEventMsg } from './protocol/agent';

export type ItemDeltaMsg = Extract<AgentEventMsg, { type: 'item_delta' }>;

interface HasMsg {
  msg: { type: string };
}

export function isItemDelta<E extends HasMsg>(event: E): event is E & { msg: ItemDeltaMsg } {
  return event.msg.type === 'item_delta';
}

/** `next` continues `open`: both deltas of the same item's same stream, in the same turn. */
export function continuesDelta(open: HasMsg, next: HasMsg): boolean {
  if (!isItemDelta(open) || !isItemDelta(next)) return false;
  return open.msg.itemId === next.msg.itemId && open.msg.stream === next.msg.stream && open.msg.turnId === next.msg.turnId;
}

/** One event standing for both: everything else from the later one, the text of both in order. */
export function mergeDeltas<E extends HasMsg>(open: E, next: E): E {
  if (!isItemDelta(open) || !isItemDelta(next)) throw new Error('Only deltas merge.');
  return { ...next, msg: { ...next.msg, delta: open.msg.delta + next.msg.delta } };
}
