/** Ctrl/Cmd+K: type to find any thread or action, arrows to choose, Enter to go, Escape to close. */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { filterPalette, type PaletteItem } from '../lib/palette';
import { useActions } from '../session/session-context';
import { useKeyOverlay } from '../stores/overlay-store';
import { paletteItems } from './palette-items';

export function CommandPalette() {
  const open = useKeyOverlay((s) => s.open === 'palette');
  return open ? <Palette /> : null;
}

function Palette() {
  const actions = useActions();
  const close = () => useKeyOverlay.getState().setOpen(null);
  // Built once per opening: the palette is a snapshot, which keeps it still while agents stream.
  const items = useMemo(() => paletteItems(actions), [actions]);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const shown = useMemo(() => filterPalette(items, query), [items, query]);
  const choose = (item: PaletteItem | undefined) => {
    if (!item) return;
    close();
    item.run();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1 };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      setSelected((i) => (i + move + shown.length) % Math.max(1, shown.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(shown[selected]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };
  return (
    <div className="key-overlay" onClick={close}>
      <div className="palette" role="dialog" aria-label="Command palette" data-testid="command-palette" onClick={(e) => e.stopPropagation()}>
        <input
          className="input palette-input"
          data-testid="palette-input"
          autoFocus
          placeholder="Jump to a thread or run an action…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setSelected(0);
          }}
          onKeyDown={onKeyDown}
        />
        <ul className="palette-list" role="listbox">
          {shown.map((item, i) => (
            <li
              key={item.id}
              role="option"
              aria-selected={i === selected}
              className="palette-item"
              data-testid="palette-item"
              data-group={item.group}
              onMouseEnter={() => setSelected(i)}
              onClick={() => choose(item)}
            >
              <span className="palette-label">
                <span className="thread-title-task">{item.label}</span>
                {item.suffix && <span className="thread-title-agent">{item.suffix}</span>}
              </span>
              {item.detail && <span className="palette-detail">{item.detail}</span>}
              <span className="palette-group">{item.group === 'Threads' ? 'thread' : 'action'}</span>
            </li>
          ))}
          {shown.length === 0 && <li className="palette-empty">Nothing matches “{query}”.</li>}
        </ul>
      </div>
    </div>
  );
}
