/** Which keyboard overlay is open: the palette or the shortcut help (one at a time). */
import { create } from 'zustand';

export type KeyOverlay = 'palette' | 'help' | null;

interface OverlayState {
  open: KeyOverlay;
  setOpen: (open: KeyOverlay) => void;
  toggle: (overlay: Exclude<KeyOverlay, null>) => void;
}

export const useKeyOverlay = create<OverlayState>()((set, get) => ({
  open: null,
  setOpen: (open) => set({ open }),
  toggle: (overlay) => set({ open: get().open === overlay ? null : overlay }),
}));
