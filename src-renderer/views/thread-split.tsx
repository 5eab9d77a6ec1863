/**
 * Side-by-side layout of a thread: the transcript on the left, its Changes on the right, with a
 * handle between them that drags (or, focused, moves with the arrow keys) and is remembered.
 */
import { useRef, type KeyboardEvent, type PointerEvent, type ReactNode, type RefObject } from 'react';
import { clampSplit, useUiPrefs } from '../stores/ui-prefs-store';

const KEY_STEP = 5;

export function ThreadSplit(props: { left: ReactNode; right: ReactNode }) {
  const percent = useUiPrefs((s) => s.splitPercent);
  const ref = useRef<HTMLDivElement>(null);
  return (
    <div className="thread-split" data-testid="thread-split" ref={ref} style={{ gridTemplateColumns: `minmax(0, ${percent}fr) 6px minmax(0, ${100 - percent}fr)` }}>
      <div className="thread-split-pane" data-testid="split-transcript-pane">
        {props.left}
      </div>
      <SplitHandle container={ref} percent={percent} />
      <div className="thread-split-pane" data-testid="split-changes-pane">
        {props.right}
      </div>
    </div>
  );
}

function SplitHandle(props: { container: RefObject<HTMLDivElement | null>; percent: number }) {
  const set = useUiPrefs((s) => s.setSplitPercent);
  const percentAt = (clientX: number) => {
    const box = props.container.current?.getBoundingClientRect();
    return box && box.width > 0 ? ((clientX - box.left) / box.width) * 100 : props.percent;
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    event.preventDefault();
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (event.currentTarget.hasPointerCapture(event.pointerId)) set(Math.round(percentAt(event.clientX)));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === 'ArrowLeft' ? -KEY_STEP : event.key === 'ArrowRight' ? KEY_STEP : 0;
    if (step === 0) return;
    event.preventDefault();
    set(clampSplit(props.percent + step));
  };
  return (
    <div
      className="thread-split-handle"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize transcript and changes"
      aria-valuenow={props.percent}
      tabIndex={0}
      title="Drag to resize; double-click to split evenly"
      data-testid="split-handle"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onKeyDown={onKeyDown}
      onDoubleClick={() => set(50)}
    />
  );
}
