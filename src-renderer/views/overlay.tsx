/** A modal panel over the dashboard; Escape or the backdrop closes it. */
import { useEffect, type ReactNode } from 'react';

export function Overlay(props: { title: string; onClose: () => void; testId: string; wide?: boolean; children: ReactNode }) {
  const { onClose } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="overlay" onClick={onClose}>
      <div
        className={props.wide ? 'overlay-panel wide' : 'overlay-panel'}
        role="dialog"
        aria-label={props.title}
        data-testid={props.testId}
        onClick={(e) => e.stopPropagation()}
      >
        <header className="overlay-head">
          <h2 className="overlay-title">{props.title}</h2>
          <button type="button" className="button ghost" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </header>
        <div className="overlay-body">{props.children}</div>
      </div>
    </div>
  );
}
