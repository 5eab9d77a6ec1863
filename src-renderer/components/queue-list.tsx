import { memo, useState, type KeyboardEvent } from 'react';
import type { QueuedMessage } from '../../src-shared/domain/thread';
import type { ApiError } from '../../src-shared/protocol/api';
import { useActions } from '../session/session-context';
import { ErrorMessage } from './error-message';

/**
 * Messages held for the thread's next turn, from its summary. Each can be edited in place or
 * removed until the fleet delivers it; the summary is the truth, so a delivered message just leaves.
 */
export const QueueList = memo(function QueueList(props: { threadId: string; queue: readonly QueuedMessage[] }) {
  if (props.queue.length === 0) return null;
  return (
    <div className="queue" data-testid="message-queue">
      <div className="queue-title">
        Queued for the next turn <span className="count-chip">{props.queue.length}</span>
      </div>
      <ol className="queue-list">
        {props.queue.map((message) => (
          <QueuedRow key={message.id} threadId={props.threadId} message={message} />
        ))}
      </ol>
    </div>
  );
});

function QueuedRow(props: { threadId: string; message: QueuedMessage }) {
  const { threadId, message } = props;
  const actions = useActions();
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const perform = async (action: () => Promise<ApiError | null>, onSuccess: () => void) => {
    setBusy(true);
    const failure = await action();
    setBusy(false);
    setError(failure);
    if (!failure) onSuccess();
  };
  const save = () => {
    const text = draft?.trim();
    if (!text || busy) return;
    if (text === message.text) return setDraft(null);
    void perform(() => actions.editQueued(threadId, message.id, text), () => setDraft(null));
  };
  const remove = () => void perform(() => actions.removeQueued(threadId, message.id), () => undefined);
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      save();
    } else if (event.key === 'Escape') {
      event.stopPropagation();
      setDraft(null);
    }
  };
  return (
    <li className="queued-message" data-testid="queued-message" data-message-id={message.id}>
      {draft === null ? (
        <span className="queued-text">{message.text}</span>
      ) : (
        <textarea
          className="input queued-input"
          data-testid="queued-message-input"
          rows={2}
          value={draft}
          autoFocus
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
        />
      )}
      <span className="queued-actions">
        {draft === null ? (
          <button
            type="button"
            className="link-button"
            data-testid="queued-message-edit"
            disabled={busy}
            onClick={() => setDraft(message.text)}
          >
            Edit
          </button>
        ) : (
          <>
            <button
              type="button"
              className="link-button"
              data-testid="queued-message-save"
              disabled={busy || !draft.trim()}
              onClick={save}
            >
              Save
            </button>
            <button type="button" className="link-button" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </>
        )}
        <button
          type="button"
          className="link-button danger"
          data-testid="queued-message-remove"
          disabled={busy}
          onClick={remove}
        >
          Remove
        </button>
      </span>
      {error && <ErrorMessage error={error} />}
    </li>
  );
}
