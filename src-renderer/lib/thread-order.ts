/**
 * The order the compact list, the number keys and the arrows walk threads in: sorted one of a few
 * ways and filtered by status. Pure, so the list and the keyboard always agree.
 */
import type { ThreadStatus, ThreadSummary } from '../../src-shared/domain/thread';
import { threadTitle } from './thread-title';

export const THREAD_SORTS = ['newest', 'attention', 'status', 'title'] as const;
export type ThreadSort = (typeof THREAD_SORTS)[number];
export const SORT_LABELS: Record<ThreadSort, string> = {
  newest: 'Newest',
  attention: 'Needs you first',
  status: 'Status',
  title: 'Name',
};

export const STATUS_FILTERS = ['all', 'running', 'waiting', 'paused', 'done', 'failed', 'interrupted'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export function matchesFilter(status: ThreadStatus, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'running') return status === 'setting_up' || status === 'starting' || status === 'working';
  return status === filter;
}

/** Lower comes first: what waits on the user, then what broke, then what runs, then the rest. */
const URGENCY: Record<ThreadStatus, number> = { waiting: 0, failed: 1, paused: 2, working: 3, starting: 4, done: 5, interrupted: 6, setting_up: 4 };
const STATUS_ORDER: Record<ThreadStatus, number> = { setting_up: 0, starting: 0, working: 1, waiting: 2, paused: 3, done: 4, failed: 5, interrupted: 6 };

export interface OrderOptions {
  sort: ThreadSort;
  filter: StatusFilter;
  /** Threads with an unread inbox entry; "needs you first" puts them ahead. */
  unread?: ReadonlySet<string>;
}

/** `taskOrder` is the dashboard's order (newest task first, agents in order); it breaks ties. */
export function orderThreads(taskOrder: readonly string[], byId: Record<string, ThreadSummary>, options: OrderOptions): string[] {
  const rank = new Map(taskOrder.map((id, i) => [id, i]));
  const threads = taskOrder.map((id) => byId[id]).filter((t): t is ThreadSummary => !!t && matchesFilter(t.status, options.filter));
  const byRank = (a: ThreadSummary, b: ThreadSummary) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0);
  const compare = comparer(options);
  return threads.sort((a, b) => compare(a, b) || byRank(a, b)).map((t) => t.id);
}

function comparer(options: OrderOptions): (a: ThreadSummary, b: ThreadSummary) => number {
  switch (options.sort) {
    case 'newest':
      return () => 0;
    case 'attention': {
      const unread = options.unread ?? new Set<string>();
      const score = (t: ThreadSummary) => (unread.has(t.id) ? -1 : 0) * 10 + URGENCY[t.status];
      return (a, b) => score(a) - score(b);
    }
    case 'status':
      return (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
    case 'title':
      return (a, b) => threadTitle(a).localeCompare(threadTitle(b));
  }
}

/** Every thread in the dashboard's order: newest task first, agents in order. */
export function taskOrder(tasks: readonly { threadIds: readonly string[] }[]): string[] {
  return tasks.flatMap((t) => t.threadIds);
}

/** The thread `delta` steps from `current` in `order`, wrapping around; the first when current is absent. */
export function stepThread(order: readonly string[], current: string | null, delta: number): string | null {
  if (order.length === 0) return null;
  const at = current === null ? -1 : order.indexOf(current);
  if (at < 0) return delta >= 0 ? (order[0] ?? null) : (order[order.length - 1] ?? null);
  return order[(at + delta + order.length) % order.length] ?? null;
}
