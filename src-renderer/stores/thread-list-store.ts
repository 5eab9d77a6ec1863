/** The compact thread list beside the grid: shown or not, its sort and its status filter (kept in localStorage). */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { isRecord, readLocal, writeLocal } from '../lib/local-setting';
import { orderThreads, STATUS_FILTERS, taskOrder, THREAD_SORTS, type StatusFilter, type ThreadSort } from '../lib/thread-order';
import { useAttentionStore } from './attention-store';
import { useThreadsStore } from './threads-store';

interface ListPrefs {
  open: boolean;
  sort: ThreadSort;
  filter: StatusFilter;
}

const KEY = 'flotilla.threadList';
const DEFAULTS: ListPrefs = { open: true, sort: 'newest', filter: 'all' };

function parse(raw: unknown): ListPrefs | null {
  if (!isRecord(raw)) return null;
  return {
    open: typeof raw.open === 'boolean' ? raw.open : DEFAULTS.open,
    sort: THREAD_SORTS.find((s) => s === raw.sort) ?? DEFAULTS.sort,
    filter: STATUS_FILTERS.find((f) => f === raw.filter) ?? DEFAULTS.filter,
  };
}

interface ThreadListState extends ListPrefs {
  set: (change: Partial<ListPrefs>) => void;
}

export const useThreadList = create<ThreadListState>()((set, get) => ({
  ...readLocal(KEY, DEFAULTS, parse),
  set: (change) => {
    set(change);
    const { open, sort, filter } = get();
    writeLocal(KEY, { open, sort, filter });
  },
}));

/** Unread thread ids, for "needs you first". */
function unreadThreads(): Set<string> {
  return new Set(useAttentionStore.getState().entries.filter((e) => !e.read).map((e) => e.threadId));
}

/** The list's order right now, for the keyboard (no subscription). */
export function currentThreadOrder(): string[] {
  const { tasks, byId } = useThreadsStore.getState();
  const { sort, filter } = useThreadList.getState();
  return orderThreads(taskOrder(tasks), byId, { sort, filter, unread: unreadThreads() });
}

/**
 * The list's order as a hook. Status changes move rows, so this follows every summary change;
 * the ids are shallow-compared, so the list re-renders only when the order itself changes.
 */
export function useThreadOrder(): string[] {
  const { sort, filter } = useThreadList(useShallow((s) => ({ sort: s.sort, filter: s.filter })));
  const unreadKey = useAttentionStore((s) => s.entries.filter((e) => !e.read).map((e) => e.threadId).join(' '));
  return useThreadsStore(
    useShallow((s) => orderThreads(taskOrder(s.tasks), s.byId, { sort, filter, unread: new Set(unreadKey.split(' ')) })),
  );
}
