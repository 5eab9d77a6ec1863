/** Hooks that read just enough of a store for one component, so others do not re-render. */
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { addUsage, ZERO_USAGE, type ThreadStatus, type ThreadSummary, type Usage } from '../../src-shared/domain/thread';
import { useThreadsStore } from './threads-store';
import { selectTail, type TranscriptStore, type TranscriptTail } from './transcript-feed';

/** One thread's summary; its identity changes only when a batch carried this thread. */
export function useThreadSummary(threadId: string): ThreadSummary | undefined {
  return useThreadsStore((s) => s.byId[threadId]);
}

/** Usage summed over every thread; shallow-compared, so it re-renders only when a total moves. */
export function useTotalUsage(): Usage {
  return useThreadsStore(useShallow((s) => totalUsage(Object.values(s.byId))));
}

export function totalUsage(threads: readonly ThreadSummary[]): Usage {
  return threads.reduce((sum, t) => addUsage(sum, t.usage), ZERO_USAGE);
}

/** Summed cost of the threads whose model has a price; null when none has. */
export function useTotalCost(): number | null {
  return useThreadsStore((s) => totalCost(Object.values(s.byId)));
}

export function totalCost(threads: readonly ThreadSummary[]): number | null {
  const priced = threads.filter((t) => t.costUsd !== null);
  return priced.length ? priced.reduce((sum, t) => sum + (t.costUsd ?? 0), 0) : null;
}

export type StatusCounts = Partial<Record<ThreadStatus, number>>;

export function useStatusCounts(): StatusCounts {
  return useThreadsStore(
    useShallow((s) => {
      const counts: StatusCounts = {};
      for (const t of Object.values(s.byId)) counts[t.status] = (counts[t.status] ?? 0) + 1;
      return counts;
    }),
  );
}

/** The card's tail: re-renders the card only when its own thread's tail text changes. */
export function useTranscriptTail(store: TranscriptStore): TranscriptTail {
  return useStore(store, useShallow((s) => selectTail(s.transcript)));
}

/** Grows only when items are added (the reducer never removes), so it is the list's version. */
export function useItemCount(store: TranscriptStore): number {
  return useStore(store, (s) => s.transcript.items.length);
}
