/**
 * Long lines in the split diff: each side gets its own horizontal scrollbar under the list, and a
 * horizontal wheel (or Shift+wheel) over a side scrolls that side. The offset is a CSS variable
 * on the host element, read by every row's code as a text-indent, so scrolling re-renders nothing
 * and rows keep their fixed heights; rows the virtual list mounts later pick it up too.
 */
import { useEffect, useRef, type RefObject } from 'react';
import type { SideColumns } from '../lib/diff-columns';

type Side = keyof SideColumns;
const SIDES: Side[] = ['old', 'new'];
export const offsetVariable = (side: Side) => `--split-${side}-x`;

export function SplitScrollBars(props: { columns: SideColumns; host: RefObject<HTMLElement | null> }) {
  const scrollers = { old: useRef<HTMLDivElement>(null), new: useRef<HTMLDivElement>(null) };
  useSideScrolling(props.host, scrollers);
  return (
    <div className="split-hscroll" data-testid="split-hscroll">
      {SIDES.map((side) => (
        <div key={side} className="split-hscroll-side" ref={scrollers[side]} data-side={side} data-testid={`split-hscroll-${side}`}>
          {/* As wide as the gutter plus the side's longest line, in the diff's own font. */}
          <div className="split-hscroll-extent" style={{ width: `calc(${props.columns[side]}ch + 60px)` }} />
        </div>
      ))}
    </div>
  );
}

function useSideScrolling(host: RefObject<HTMLElement | null>, scrollers: Record<Side, RefObject<HTMLDivElement | null>>): void {
  useEffect(() => {
    const root = host.current;
    const bars = { old: scrollers.old.current, new: scrollers.new.current };
    if (!root || !bars.old || !bars.new) return;
    const follow = SIDES.map((side) => {
      const bar = bars[side]!;
      const onScroll = () => root.style.setProperty(offsetVariable(side), `${-bar.scrollLeft}px`);
      bar.addEventListener('scroll', onScroll, { passive: true });
      return () => bar.removeEventListener('scroll', onScroll);
    });
    const onWheel = (event: WheelEvent) => {
      const half = event.target instanceof Element ? event.target.closest('.diff-half') : null;
      const dx = event.deltaX || (event.shiftKey ? event.deltaY : 0);
      if (!half || dx === 0) return;
      const side: Side = half === half.parentElement?.firstElementChild ? 'old' : 'new';
      bars[side]!.scrollLeft += dx;
    };
    root.addEventListener('wheel', onWheel, { passive: true });
    return () => {
      follow.forEach((stop) => stop());
      root.removeEventListener('wheel', onWheel);
      SIDES.forEach((side) => root.style.removeProperty(offsetVariable(side)));
    };
    // The scrollers' refs are the same objects for the component's life: only the host matters.
  }, [host]);
}
