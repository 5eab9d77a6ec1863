import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

const SLACK_PX = 32;

/**
 * Keeps a scroll container pinned to the bottom while its content grows, unless the user scrolled
 * up. Growth is watched with a ResizeObserver on the content element, so streaming text does not
 * need to re-render the container to keep it scrolled.
 */
export function useStickToBottom(
  scrollRef: RefObject<HTMLElement | null>,
  contentRef: RefObject<HTMLElement | null>,
): { detached: boolean; jumpToBottom: () => void } {
  const stuck = useRef(true);
  const [detached, setDetached] = useState(false);

  useEffect(() => {
    const scroller = scrollRef.current;
    const content = contentRef.current;
    if (!scroller || !content) return;
    const onScroll = () => {
      const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= SLACK_PX;
      stuck.current = atBottom;
      setDetached(!atBottom);
    };
    const observer = new ResizeObserver(() => {
      if (stuck.current) scroller.scrollTop = scroller.scrollHeight;
    });
    scroller.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(content);
    scroller.scrollTop = scroller.scrollHeight;
    return () => {
      scroller.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, [scrollRef, contentRef]);

  const jumpToBottom = useCallback(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    stuck.current = true;
    setDetached(false);
    scroller.scrollTop = scroller.scrollHeight;
  }, [scrollRef]);

  return { detached, jumpToBottom };
}
