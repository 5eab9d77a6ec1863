/**
 * The dashboard's merge state: selection mode and the chosen threads, and which overlay is open
 * (the merge panel for the selection, or the compare view for one task).
 */
import { create } from 'zustand';

export type MergeOverlay = { kind: 'none' } | { kind: 'merge'; threadIds: string[] } | { kind: 'compare'; taskId: string };

interface MergeUiState {
  selecting: boolean;
  selected: ReadonlySet<string>;
  overlay: MergeOverlay;
  setSelecting: (on: boolean) => void;
  toggle: (threadId: string) => void;
  open: (overlay: MergeOverlay) => void;
}

export const useMergeUiStore = create<MergeUiState>()((set) => ({
  selecting: false,
  selected: new Set(),
  overlay: { kind: 'none' },
  setSelecting: (selecting) => set({ selecting, selected: new Set() }),
  toggle: (threadId) =>
    set((s) => {
      const selected = new Set(s.selected);
      if (selected.has(threadId)) selected.delete(threadId);
      else selected.add(threadId);
      return { selected };
    }),
  open: (overlay) => set({ overlay }),
}));
