import { memo, useState } from 'react';
import { THREAD_STATUSES } from '../../src-shared/domain/thread';
import { ThreadCard } from '../components/thread-card';
import { formatAgo, formatUsage } from '../lib/format';
import { useStatusCounts, useTotalUsage } from '../stores/selectors';
import { useThreadsStore, type TaskGroup } from '../stores/threads-store';

/** Older tasks start collapsed, so their cards (and transcript feeds) are not loaded up front. */
const EXPANDED_TASKS = 3;

/**
 * Every thread, grouped by task, newest task first. This view subscribes to the task layout only,
 * which changes when threads appear; each card subscribes to its own thread.
 */
export function DashboardView() {
  const tasks = useThreadsStore((s) => s.tasks);
  return (
    <div className="dashboard">
      <DashboardHeader />
      <div className="dashboard-body">
        {tasks.length === 0 ? (
          <EmptyDashboard />
        ) : (
          tasks.map((task, i) => <TaskSection key={task.taskId} task={task} initiallyOpen={i < EXPANDED_TASKS} />)
        )}
      </div>
    </div>
  );
}

function DashboardHeader() {
  const counts = useStatusCounts();
  const usage = useTotalUsage();
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  return (
    <div className="dashboard-header">
      <h1 className="view-title">Agents</h1>
      <span className="count-chip">{total}</span>
      <div className="status-summary">
        {THREAD_STATUSES.filter((s) => counts[s]).map((status) => (
          <span key={status} className="status-count" data-status={status}>
            <span className="status-dot" aria-hidden />
            {counts[status]} {status}
          </span>
        ))}
      </div>
      <div className="top-spacer" />
      <span className="usage-total" data-testid="usage-total" title="Tokens used by all threads">
        <span className="muted">Tokens</span> {formatUsage(usage)}
      </span>
    </div>
  );
}

const TaskSection = memo(function TaskSection(props: { task: TaskGroup; initiallyOpen: boolean }) {
  const { task } = props;
  const [open, setOpen] = useState(props.initiallyOpen);
  const count = task.threadIds.length;
  return (
    <section className="task-section">
      <button type="button" className="task-header" onClick={() => setOpen(!open)} aria-expanded={open}>
        <svg className={open ? 'chevron open' : 'chevron'} viewBox="0 0 16 16" width="12" height="12" aria-hidden>
          <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
        <span className="task-prompt-line" title={task.prompt}>
          {task.prompt}
        </span>
        <span className="task-meta">
          {count} agent{count === 1 ? '' : 's'} · {formatAgo(task.createdAt, Date.now())}
        </span>
      </button>
      {open && (
        <div className="card-grid" data-size={count <= 4 ? 'few' : 'many'}>
          {task.threadIds.map((id) => (
            <ThreadCard key={id} threadId={id} />
          ))}
        </div>
      )}
    </section>
  );
});

function EmptyDashboard() {
  return (
    <div className="empty">
      <div className="empty-title">No agents running</div>
      <div className="empty-text">
        Open a repository, describe a task and press <kbd>Run</kbd>. Each agent works on its own branch in its own
        worktree; you can watch, steer or interrupt any of them here.
      </div>
    </div>
  );
}
