/**
 * The compact list beside the grid, like Conductor's sidebar of workspaces: one row per agent
 * with its name, repository, status and current action, sorted and filtered by status. The first
 * nine rows carry the number key that opens them.
 */
import { memo } from 'react';
import { STATUS_FILTERS, SORT_LABELS, THREAD_SORTS, type StatusFilter, type ThreadSort } from '../lib/thread-order';
import { repoLabel, taskTitle, agentLabel } from '../lib/thread-title';
import { useAppStore } from '../stores/app-store';
import { useThreadUnread } from '../stores/attention-store';
import { useThreadSummary } from '../stores/selectors';
import { useThreadList, useThreadOrder } from '../stores/thread-list-store';

export function ThreadListPane() {
  const order = useThreadOrder();
  return (
    <aside className="thread-list-pane" data-testid="thread-list" aria-label="Agents">
      <ListControls />
      <ol className="thread-rows">
        {order.map((id, i) => (
          <ThreadRow key={id} threadId={id} number={i < 9 ? i + 1 : null} />
        ))}
      </ol>
      {order.length === 0 && <p className="thread-list-empty muted">No agent matches this filter.</p>}
    </aside>
  );
}

function ListControls() {
  const { sort, filter, set } = useThreadList();
  return (
    <div className="thread-list-controls">
      <label className="thread-list-field">
        <span className="muted">Sort</span>
        <select className="input select" data-testid="thread-list-sort" value={sort} onChange={(e) => set({ sort: e.target.value as ThreadSort })}>
          {THREAD_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="thread-list-field">
        <span className="muted">Show</span>
        <select className="input select" data-testid="thread-list-filter" value={filter} onChange={(e) => set({ filter: e.target.value as StatusFilter })}>
          {STATUS_FILTERS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

const ThreadRow = memo(function ThreadRow(props: { threadId: string; number: number | null }) {
  const summary = useThreadSummary(props.threadId);
  const unread = useThreadUnread(props.threadId);
  const navigate = useAppStore((s) => s.navigate);
  if (!summary) return null;
  return (
    <li>
      <button
        type="button"
        className="list-row thread-row"
        data-testid="thread-row"
        data-thread-id={summary.id}
        data-status={summary.status}
        data-unread={unread ? 'true' : undefined}
        title={`${summary.prompt}\n${summary.branch}`}
        onClick={() => navigate({ view: 'thread', threadId: summary.id })}
      >
        <span className="thread-row-key">{props.number ?? ''}</span>
        <span className="status-dot" aria-hidden />
        <span className="thread-row-main">
          <span className="thread-row-title" data-testid="thread-row-title">
            <span className="thread-title-task">{taskTitle(summary.prompt)}</span>
            <span className="thread-row-agent"> · {agentLabel(summary.agentIndex)}</span>
          </span>
          <span className="thread-row-sub">
            <span className="repo-label">{summary.host === undefined ? repoLabel(summary.repoPath) : `${summary.host}: ${repoLabel(summary.repoPath)}`}</span>
            <span className="thread-row-activity">{summary.status === 'failed' && summary.error ? summary.error : summary.activity}</span>
          </span>
        </span>
        {unread && <span className="unread-dot" data-testid="unread-marker" aria-label="Unread" />}
      </button>
    </li>
  );
});
