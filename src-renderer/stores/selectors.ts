/** Hooks that read just enough of a store for one component, so others do not re-render. */
import { useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { addUsage, ZERO_USAGE, type ThreadStatus, type ThreadSummary, type Usage } from '../../src-shared/domain/thread';
import { useThreadsStore } from './threads-store';
import { derivedSnapshot, pacedSubscribe } from './paced';
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

/**
 * The card's tail, paced: streamed batches re-render the card at most once per beat (paced.ts),
 * together with every other card, and only when its own tail text changed.
 */
export function useTranscriptTail(store: TranscriptStore): TranscriptTail {
  const { subscribe, snapshot } = pacedTail(store);
  return useSyncExternalStore(subscribe, snapshot);
}

interface PacedTail {
  subscribe: (listener: () => void) => () => void;
  snapshot: () => TranscriptTail;
}

/** One per store, so the hook's subscribe and snapshot keep their identity across renders. */
const pacedTails = new WeakMap<TranscriptStore, PacedTail>();

function pacedTail(store: TranscriptStore): PacedTail {
  let paced = pacedTails.get(store);
  if (!paced) {
    paced = {
      subscribe: pacedSubscribe(store),
      snapshot: derivedSnapshot(store.getState, (s) => s.transcript, selectTail, (a, b) => a.kind === b.kind && a.text === b.text),
    };
    pacedTails.set(store, paced);
  }
  return paced;
}

/** Grows only when items are added (the reducer never removes), so it is the list's version. */
export function useItemCount(store: TranscriptStore): number {
  return useStore(store, (s) => s.transcript.items.length);
}
