/**
 * What streaming keeps and what it merges. A completed item carries its whole text and output, so
 * the fragments that streamed it are redundant once it completes: the transcript reducer replaces
 * the item with the completed one. Deltas of an item that never completed (an interrupted turn)
 * are all there is of it, so they stay.
 */
import { isItemDelta } from '../../../src-shared/item-deltas';
import type { ThreadEvent } from '../../../src-shared/protocol/thread-events';

/** How the fleet streams and keeps events; both on by default. Off is the bench's baseline. */
export interface StreamingOptions {
  /** Consecutive deltas of one item merge into one event per frame; a summary goes out only when it changed. */
  coalesce: boolean;
  /** Once an item completes, its deltas leave the in-memory events and, at turn end, the log. */
  compact: boolean;
}

export const DEFAULT_STREAMING: StreamingOptions = { coalesce: true, compact: true };

/** The item an event starts, streams or completes, if any. */
function itemOf(event: { msg?: { type?: unknown; itemId?: unknown; item?: { id?: unknown } } }): { kind: string; id: unknown } | null {
  const msg = event.msg;
  if (msg?.type === 'item_delta') return { kind: 'delta', id: msg.itemId };
  if (msg?.type === 'item_started' || msg?.type === 'item_completed') return { kind: msg.type, id: msg.item?.id };
  return null;
}

/**
 * Which entries are fragments of an item that completed after them. Walks backwards: an
 * item_completed makes the item's earlier deltas redundant, back to its item_started (an id
 * used again later is a new item). Entries that are not events (unreadable log lines) are null.
 */
export function redundantFragments(entries: readonly (ThreadEvent | null)[]): boolean[] {
  const completed = new Set<unknown>();
  const redundant = new Array<boolean>(entries.length).fill(false);
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const entry = entries[i];
    const item = entry ? itemOf(entry) : null;
    if (!item) continue;
    if (item.kind === 'item_completed') completed.add(item.id);
    else if (item.kind === 'item_started') completed.delete(item.id);
    else redundant[i] = completed.has(item.id);
  }
  return redundant;
}

/** The events without the fragments of items that completed. */
export function compactCompletedItems(events: readonly ThreadEvent[]): ThreadEvent[] {
  const redundant = redundantFragments(events);
  return events.filter((_, i) => !redundant[i]);
}

/**
 * Removes, in place, the deltas of `itemId` that came before its completion, back to its
 * item_started. Only the tail is scanned: an item's fragments follow its start.
 */
export function dropFragmentsOf(events: ThreadEvent[], itemId: string): void {
  let start = events.length - 1;
  while (start >= 0) {
    const item = itemOf(events[start]!);
    if (item?.kind === 'item_started' && item.id === itemId) break;
    start -= 1;
  }
  let write = Math.max(start, 0);
  for (let read = write; read < events.length; read += 1) {
    const event = events[read]!;
    if (isItemDelta(event) && event.msg.itemId === itemId) continue;
    events[write++] = event;
  }
  events.length = write;
}
