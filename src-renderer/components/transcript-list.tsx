import { memo, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useItemCount } from '../stores/selectors';
import type { TranscriptStore } from '../stores/transcript-feed';
import { useStickToBottom } from '../lib/use-stick-to-bottom';
import { TranscriptItemRow } from './transcript-item';

/** Rendering is windowed to the newest items; older ones mount on request. */
const WINDOW = 150;

/**
 * The transcript. It re-renders only when an item is added (the count is its version); each row
 * subscribes to its own item. Stays pinned to the bottom while streaming unless scrolled up.
 */
export const TranscriptList = memo(function TranscriptList(props: { store: TranscriptStore }) {
  const { store } = props;
  const count = useItemCount(store);
  const loading = useStore(store, (s) => s.loading);
  const [limit, setLimit] = useState(WINDOW);
  // Items are only ever appended, so the id list changes exactly when the count does.
  const ids = useMemo(() => store.getState().transcript.items.map((item) => item.id), [store, count]);
  const hidden = Math.max(0, ids.length - limit);
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const { detached, jumpToBottom } = useStickToBottom(scrollRef, contentRef);

  return (
    <div className="transcript-wrap">
      <div className="transcript-scroll" ref={scrollRef}>
        <div className="transcript" data-testid="transcript" ref={contentRef}>
          {hidden > 0 && (
            <button type="button" className="show-earlier" onClick={() => setLimit(limit + WINDOW)}>
              Show {Math.min(hidden, WINDOW)} earlier of {hidden} hidden items
            </button>
          )}
          {ids.slice(hidden).map((id) => (
            <TranscriptItemRow key={id} store={store} itemId={id} />
          ))}
          {count === 0 && <div className="transcript-empty">{loading ? 'Loading history…' : 'No activity yet.'}</div>}
        </div>
      </div>
      {detached && (
        <button type="button" className="jump-latest" onClick={jumpToBottom}>
          Jump to latest ↓
        </button>
      )}
    </div>
  );
});
