/** Which tab each open thread shows, so "View diff" elsewhere can open a thread on its Changes tab. */
import { create } from 'zustand';

export type ThreadTab = 'transcript' | 'changes' | 'terminal';

interface ThreadTabState {
  byThread: Record<string, ThreadTab>;
  setTab: (threadId: string, tab: ThreadTab) => void;
}

export const useThreadTabStore = create<ThreadTabState>()((set) => ({
  byThread: {},
  setTab: (threadId, tab) => set((s) => ({ byThread: { ...s.byThread, [threadId]: tab } })),
}));

export function useThreadTab(threadId: string): ThreadTab {
  return useThreadTabStore((s) => s.byThread[threadId] ?? 'transcript');
}
