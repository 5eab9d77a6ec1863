/**
 * A virtualized list: only the rows intersecting the viewport (plus overscan) are in the DOM. Row
 * heights are whole multiples of one fixed base height, so positions come from precomputed
 * offsets and a binary search, never from measuring the DOM. A spacer gives the scrollbar its
 * full length; scroll events only move the window, at most once per frame.
 */
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { visibleWindow } from '../lib/diff-rows';

export const ROW_HEIGHT = 20;
const OVERSCAN = 12;

export interface ScrollRequest {
  row: number;
  /** Changes on every request, so asking for the same row twice scrolls twice. */
  nonce: number;
}

interface Props {
  offsets: Int32Array;
  renderRow: (index: number) => ReactNode;
  scrollRequest: ScrollRequest | null;
  testId?: string;
}

export function VirtualList(props: Props) {
  const { offsets, renderRow, scrollRequest } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 800 });
  useViewportTracking(ref, setView);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !scrollRequest) return;
    el.scrollTop = (offsets[scrollRequest.row] ?? 0) * ROW_HEIGHT;
  }, [scrollRequest, offsets]);

  const { start, end } = visibleWindow(offsets, view.top, view.height, ROW_HEIGHT, OVERSCAN);
  const total = (offsets[offsets.length - 1] ?? 0) * ROW_HEIGHT;
  const items: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    const top = (offsets[i] ?? 0) * ROW_HEIGHT;
    const height = ((offsets[i + 1] ?? 0) - (offsets[i] ?? 0)) * ROW_HEIGHT;
    items.push(
      <div key={i} className="vrow" style={{ top, height }}>
        {renderRow(i)}
      </div>,
    );
  }
  return (
    <div className="vlist" ref={ref} data-testid={props.testId}>
      <div className="vlist-spacer" style={{ height: total }}>
        {items}
      </div>
    </div>
  );
}

/** Follows the scroll position (one update per animation frame) and the viewport's height. */
function useViewportTracking(
  ref: RefObject<HTMLDivElement | null>,
  setView: (view: { top: number; height: number }) => void,
): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      setView({ top: el.scrollTop, height: el.clientHeight });
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    el.addEventListener('scroll', onScroll, { passive: true });
    const observer = new ResizeObserver(onScroll);
    observer.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [ref, setView]);
}
