/** `?`: every shortcut on one card. */
import { SHORTCUTS } from '../lib/keymap';
import { useKeyOverlay } from '../stores/overlay-store';
import { Overlay } from './overlay';

export function ShortcutHelp() {
  const open = useKeyOverlay((s) => s.open === 'help');
  if (!open) return null;
  return (
    <Overlay title="Keyboard shortcuts" testId="shortcut-help" onClose={() => useKeyOverlay.getState().setOpen(null)}>
      <dl className="shortcut-list">
        {SHORTCUTS.map((s) => (
          <div className="shortcut-row" key={s.what}>
            <dt>
              {s.keys.map((k) => (k === '…' ? <span key={k}> … </span> : <kbd key={k}>{k}</kbd>))}
            </dt>
            <dd>{s.what}</dd>
          </div>
        ))}
      </dl>
      <p className="muted shortcut-note">Letters and numbers do nothing while you type in a field or the composer.</p>
    </Overlay>
  );
}
