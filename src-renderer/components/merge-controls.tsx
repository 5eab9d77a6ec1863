/** Small merge controls shared by the cards and the thread header: badge, selection box, discard. */
import { useState, type MouseEvent } from 'react';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import type { ApiError } from '../../src-shared/protocol/api';
import { discardThread } from '../session/merge-actions';
import { useClient } from '../session/session-context';
import { useMergeUiStore } from '../stores/merge-ui-store';
import { ErrorMessage } from './error-message';

export function MergeStateBadge(props: { state: ThreadSummary['mergeState'] }) {
  if (props.state === 'unmerged') return null;
  return (
    <span className="merge-badge" data-state={props.state} data-testid="merge-badge">
      {props.state}
    </span>
  );
}

/** Shown on a card in selection mode; a click on it must not also open the thread. */
export function SelectThreadCheckbox(props: { threadId: string }) {
  const selecting = useMergeUiStore((s) => s.selecting);
  const checked = useMergeUiStore((s) => s.selected.has(props.threadId));
  const toggle = useMergeUiStore((s) => s.toggle);
  if (!selecting) return null;
  return (
    <input
      type="checkbox"
      className="select-thread"
      data-testid="select-thread"
      aria-label="Select for merge"
      checked={checked}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
      onChange={() => toggle(props.threadId)}
    />
  );
}

export function DiscardButton(props: { threadId: string; mergeState: ThreadSummary['mergeState'] }) {
  const client = useClient();
  const [error, setError] = useState<ApiError | null>(null);
  if (props.mergeState === 'discarded') return null;
  const onClick = async (event: MouseEvent) => {
    event.stopPropagation();
    setError(await discardThread(client, props.threadId, window.confirm));
  };
  return (
    <>
      <button type="button" className="button ghost small" data-testid="discard-button" onClick={(e) => void onClick(e)}>
        Discard
      </button>
      {error && <ErrorMessage error={error} />}
    </>
  );
}
