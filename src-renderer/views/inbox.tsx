/**
 * The inbox: a bell in the top bar with the unread count, and a panel of what needed the user,
 * newest first. An entry opens its thread at the point it is about.
 */
import { useEffect, useRef, type RefObject } from 'react';
import { formatAgo } from '../lib/format';
import { agentLabel, taskTitle } from '../lib/thread-title';
import { openAttention } from '../session/open-attention';
import { useAttentionStore, useUnreadCount, type InboxEntry } from '../stores/attention-store';
import { KIND_LABELS } from '../stores/notify-settings-store';
import { useThreadSummary } from '../stores/selectors';

export function InboxButton() {
  const unread = useUnreadCount();
  const open = useAttentionStore((s) => s.inboxOpen);
  return (
    <span className="inbox-anchor">
      <button
        type="button"
        className="button ghost inbox-button"
        data-testid="inbox-button"
        aria-label={unread ? `Inbox, ${unread} unread` : 'Inbox'}
        aria-expanded={open}
        title="Inbox: finished, failed, waiting and stuck agents (i)"
        onClick={() => useAttentionStore.getState().setInboxOpen(!open)}
      >
        <BellIcon />
        {unread > 0 && (
          <span className="inbox-count" data-testid="inbox-count">
            {unread}
          </span>
        )}
      </button>
      {open && <InboxPanel />}
    </span>
  );
}

function InboxPanel() {
  const entries = useAttentionStore((s) => s.entries);
  const ref = useRef<HTMLDivElement>(null);
  useCloseOnOutsideClick(ref);
  return (
    <div className="inbox-panel" data-testid="inbox-panel" ref={ref}>
      <header className="inbox-head">
        <span className="inbox-title">Inbox</span>
        <button type="button" className="button ghost" data-testid="inbox-mark-all-read" onClick={() => useAttentionStore.getState().markAllRead()}>
          Mark all read
        </button>
      </header>
      {entries.length === 0 ? (
        <p className="inbox-empty muted">Nothing yet. Finished, failed, waiting and stuck agents show up here.</p>
      ) : (
        <ul className="inbox-list">
          {entries.map((entry) => (
            <InboxRow key={entry.id} entry={entry} />
          ))}
        </ul>
      )}
    </div>
  );
}

function InboxRow(props: { entry: InboxEntry }) {
  const { entry } = props;
  const summary = useThreadSummary(entry.threadId);
  return (
    <li>
      <button
        type="button"
        className="list-row inbox-entry"
        data-testid="inbox-entry"
        data-kind={entry.kind}
        data-thread-id={entry.threadId}
        data-read={entry.read}
        onClick={() => openAttention(entry.threadId, entry.kind)}
      >
        <span className="inbox-entry-kind" data-kind={entry.kind}>
          {KIND_LABELS[entry.kind]}
        </span>
        <span className="inbox-entry-title">
          {summary ? (
            <>
              <span className="thread-title-task">{taskTitle(summary.prompt)}</span>
              <span className="thread-title-agent"> · {agentLabel(summary.agentIndex)}</span>
            </>
          ) : (
            entry.threadId
          )}
        </span>
        <span className="inbox-entry-time muted">{formatAgo(entry.at, Date.now())}</span>
        <span className="inbox-entry-detail muted">{entry.detail}</span>
      </button>
    </li>
  );
}

function useCloseOnOutsideClick(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const onDown = (event: MouseEvent) => {
      const target = event.target instanceof Node ? event.target : null;
      const anchor = ref.current?.parentElement;
      if (anchor && target && !anchor.contains(target)) useAttentionStore.getState().setInboxOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        useAttentionStore.getState().setInboxOpen(false);
      }
    };
    document.addEventListener('mousedown', onDown);
    // Capture, so Escape closes the inbox before it takes the user back to the dashboard.
    window.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [ref]);
}

function BellIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden>
      <path
        d="M8 1.75a4.25 4.25 0 0 0-4.25 4.25v2.4L2.6 10.6a.75.75 0 0 0 .65 1.15h9.5a.75.75 0 0 0 .65-1.15L12.25 8.4V6A4.25 4.25 0 0 0 8 1.75ZM6.25 13a1.75 1.75 0 0 0 3.5 0h-3.5Z"
        fill="currentColor"
      />
    </svg>
  );
}
