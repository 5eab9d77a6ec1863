/** Whether the Settings view is open; kept apart from the route so a thread stays open beneath it. */
import { create } from 'zustand';

interface SettingsUi {
  open: boolean;
  setOpen: (open: boolean) => void;
}

export const useSettingsUi = create<SettingsUi>()((set) => ({ open: false, setOpen: (open) => set({ open }) }));
