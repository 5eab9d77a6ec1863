/** One window-level key listener for the shortcuts (lib/keymap.ts); never while the user types. */
import { useEffect } from 'react';
import { commandForKey, isTypingElement } from '../lib/keymap';
import type { Actions } from '../session/actions';
import { runKeyCommand } from '../session/keyboard-commands';
import { useKeyOverlay } from '../stores/overlay-store';
import { useSettingsUi } from '../stores/settings-ui-store';

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function useGlobalKeys(actions: Actions): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const command = commandForKey({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        shiftKey: event.shiftKey,
        typing: isTypingElement(event.target instanceof Element ? event.target : null),
        isMac: IS_MAC,
      });
      if (!command) return;
      // An open dialog owns the keyboard, except for the palette chord and `?` closing the help.
      const dialogOpen = useSettingsUi.getState().open || document.querySelector('[role="dialog"]') !== null;
      const closesHelp = command.type === 'help' && useKeyOverlay.getState().open === 'help';
      if (dialogOpen && command.type !== 'palette' && !closesHelp) return;
      if (runKeyCommand(command, actions)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);
}
