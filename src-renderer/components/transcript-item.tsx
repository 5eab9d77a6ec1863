import { memo } from 'react';
import { useStore } from 'zustand';
import type { TranscriptItem } from '../../src-shared/protocol/items';
import { formatUsage } from '../lib/format';
import type { TranscriptStore } from '../stores/transcript-feed';
import { CommandBlock } from './command-block';
import { MarkdownText } from './markdown-text';
import { PatchBlock } from './patch-block';
import { PlanBlock } from './plan-block';

/**
 * One transcript row, subscribed to its own item: the reducer replaces only the item a delta
 * touched, so while one item streams every other row keeps its reference and skips rendering.
 */
export const TranscriptItemRow = memo(function TranscriptItemRow(props: { store: TranscriptStore; itemId: string }) {
  const item = useStore(props.store, (s) => {
    const index = s.transcript.indexById[props.itemId];
    return index === undefined ? undefined : s.transcript.items[index];
  });
  if (!item) return null;
  return (
    <div className={`item item-${item.type}`} data-testid="transcript-item" data-item-type={item.type}>
      <ItemBody item={item} />
    </div>
  );
});

function ItemBody(props: { item: TranscriptItem }) {
  const { item } = props;
  switch (item.type) {
    case 'user_message':
      return (
        <div className="user-message" data-delivery={item.delivery}>
          <div className="item-label">
            You
            {item.delivery && <DeliveryMark delivery={item.delivery} />}
          </div>
          <div className="user-text">{item.text}</div>
        </div>
      );
    case 'assistant_message':
      return <MarkdownText text={item.text} />;
    case 'reasoning':
      return <Reasoning text={item.text} />;
    case 'command':
      return <CommandBlock item={item} />;
    case 'patch':
      return <PatchBlock item={item} />;
    case 'plan':
      return <PlanBlock explanation={item.explanation} steps={item.steps} />;
    case 'error':
      return (
        <div className="error-item" role="alert">
          {item.message}
        </div>
      );
    case 'compaction':
      return <Compaction text={item.text} />;
    case 'turn_usage':
      return (
        <div className="turn-usage" data-testid="turn-usage">
          {item.requests} {item.requests === 1 ? 'request' : 'requests'} · {formatUsage(item.usage)}
        </div>
      );
  }
}

const DELIVERY_LABELS = { queued: 'queued', pending: 'pending', delivered: 'delivered', dropped: 'removed' } as const;

/** Where a queued or steered message is: held or pending, delivered to the agent, or removed unsent. */
function DeliveryMark(props: { delivery: keyof typeof DELIVERY_LABELS }) {
  return (
    <span className="delivery-mark" data-testid="message-delivery" data-delivery={props.delivery}>
      {DELIVERY_LABELS[props.delivery]}
    </span>
  );
}

/** The context window filled up and the agent continues from this summary; muted, like reasoning. */
function Compaction(props: { text: string }) {
  return (
    <details className="reasoning compaction" data-testid="compaction-item">
      <summary>
        <span className="reasoning-label">Context compacted</span>
        <span className="reasoning-preview">the agent continues from a summary of the work so far</span>
      </summary>
      <div className="reasoning-text">{props.text}</div>
    </details>
  );
}

/** Collapsed by default: reasoning is context, not the answer. */
function Reasoning(props: { text: string }) {
  const firstLine = props.text.trim().split('\n')[0] ?? '';
  return (
    <details className="reasoning">
      <summary>
        <span className="reasoning-label">Thinking</span>
        <span className="reasoning-preview">{firstLine}</span>
      </summary>
      <div className="reasoning-text">{props.text}</div>
    </details>
  );
}
