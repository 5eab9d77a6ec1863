/**
 * The electron half of the close guard: the native question, on the window when there is one,
 * and the system notification when background agents are done.
 */
import { dialog, Notification, type BrowserWindow } from 'electron';
import type { CloseGuardOptions } from './close-guard';

export function electronCloseEffects(getWindow: () => BrowserWindow | null): Pick<CloseGuardOptions, 'ask' | 'notify'> {
  return {
    ask: async (prompt) => {
      const options: Electron.MessageBoxOptions = { type: 'question', noLink: true, ...prompt };
      const window = getWindow();
      const result = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
      return { response: result.response, checkboxChecked: result.checkboxChecked };
    },
    notify: ({ title, body }) => {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
  };
}
