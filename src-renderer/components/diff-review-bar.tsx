/** The pending review: its comments, an optional summary, and "Send review" (steer or queue). */
import { useState } from 'react';
import type { ApiError } from '../../src-shared/protocol/api';
import type { PendingComment } from '../lib/diff-rows';
import { safeCall } from '../session/safe-call';
import { useClient } from '../session/session-context';
import { formatAnchor, toReviewComments, useDiffReviewStore } from '../stores/diff-review-store';
import { ErrorMessage } from './error-message';

export function DiffReviewBar(props: { threadId: string; comments: readonly PendingComment[] }) {
  const { threadId, comments } = props;
  const client = useClient();
  const [summary, setSummary] = useState('');
  const [mode, setMode] = useState<'steer' | 'queue'>('steer');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const remove = useDiffReviewStore((s) => s.removeComment);
  const clear = useDiffReviewStore((s) => s.clear);
  if (comments.length === 0) return null;

  const send = async () => {
    setSending(true);
    const result = await safeCall(client, 'thread.review', {
      threadId,
      comments: toReviewComments(comments),
      summary: summary.trim() || undefined,
      mode,
    });
    setSending(false);
    setError(result.ok ? null : result.error);
    if (result.ok) {
      clear(threadId);
      setSummary('');
    }
  };
  return (
    <section className="review-bar" aria-label="Pending review">
      <div className="review-title">
        Review · {comments.length} comment{comments.length === 1 ? '' : 's'}
      </div>
      <ul className="review-list">
        {comments.map((c) => (
          <li key={c.id} className="review-comment" data-testid="review-comment">
            <span className="mono muted">{formatAnchor(c)}</span> <span>{c.body}</span>
            <button type="button" className="link-button" onClick={() => remove(threadId, c.id)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <div className="review-actions">
        <input
          className="input"
          placeholder="Summary (optional)"
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
          data-testid="review-summary"
        />
        <select className="input select" value={mode} onChange={(e) => setMode(e.target.value === 'queue' ? 'queue' : 'steer')}>
          <option value="steer">Steer now</option>
          <option value="queue">Queue for next turn</option>
        </select>
        <button type="button" className="button primary" data-testid="send-review-button" disabled={sending} onClick={() => void send()}>
          Send review
        </button>
      </div>
      {error && <ErrorMessage error={error} />}
    </section>
  );
}
