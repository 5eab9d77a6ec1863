/**
 * `thread.events` answers a page at a time; every client that wants a thread's events after
 * some seq loops here, whatever carries its calls (IPC, WebSocket, the fleet in-process).
 */
import { ok, type CommandResult, type Result } from './protocol/api';
import type { ThreadEvent } from './protocol/thread-events';

export type ThreadEventPage = CommandResult<'thread.events'>;

/** Fetches page after page from `afterSeq` until no more follow; the first failure ends it. */
export async function fetchEventsAfter(
  fetchPage: (afterSeq: number) => Promise<Result<ThreadEventPage>>,
  afterSeq: number,
): Promise<Result<ThreadEvent[]>> {
  const events: ThreadEvent[] = [];
  for (;;) {
    const page = await fetchPage(afterSeq);
    if (!page.ok) return page;
    events.push(...page.value.events);
    const next = page.value.nextAfterSeq ?? page.value.events.at(-1)?.seq ?? afterSeq;
    // A page that does not move forward would repeat for ever.
    if (page.value.hasMore !== true || next <= afterSeq) return ok(events);
    afterSeq = next;
  }
}
