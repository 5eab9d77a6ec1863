import { Fragment, memo, useState } from 'react';
import { THREAD_STATUSES } from '../../src-shared/domain/thread';
import { useShallow } from 'zustand/react/shallow';
import { ThreadCard } from '../components/thread-card';
import { useControlRunner } from '../components/thread-controls';
import { bulkControlCounts } from '../lib/control-rules';
import { formatAgo, formatCost, formatUsage } from '../lib/format';
import { repoLabel } from '../lib/thread-title';
import { useActions } from '../session/session-context';
import { useStatusCounts, useTotalCost, useTotalUsage } from '../stores/selectors';
import { useThreadList } from '../stores/thread-list-store';
import { useThreadsStore, type TaskGroup } from '../stores/threads-store';
import { CompareButton, MergeOverlayHost, MergeSelectionBar } from './merge-overlay';
import { ThreadListPane } from './thread-list-pane';

/** Older tasks start collapsed, so their cards (and transcript feeds) are not loaded up front. */
const EXPANDED_TASKS = 3;

/**
 * Every thread, grouped by task, newest task first. This view subscribes to the task layout only,
 * which changes when threads appear; each card subscribes to its own thread.
 */
export function DashboardView() {
  const tasks = useThreadsStore((s) => s.tasks);
  const listOpen = useThreadList((s) => s.open);
  return (
    <div className="dashboard">
      <DashboardHeader />
      <div className="dashboard-split">
        {listOpen && tasks.length > 0 && <ThreadListPane />}
        <div className="dashboard-body">
          {tasks.length === 0 ? (
            <EmptyDashboard />
          ) : (
            <TaskSections tasks={tasks} />
          )}
        </div>
      </div>
      <MergeOverlayHost />
    </div>
  );
}

/** Tasks under a heading per host and repository, once the dashboard holds more than one. */
function TaskSections(props: { tasks: TaskGroup[] }) {
  const place = (task: TaskGroup) => `${task.host ?? ''}\n${task.repoPath}`;
  const headed = new Set(props.tasks.map(place)).size > 1;
  return props.tasks.map((task, i) => (
    <Fragment key={task.taskId}>
      {headed && (i === 0 || place(props.tasks[i - 1]!) !== place(task)) && (
        <h2 className="place-heading" data-testid="place-heading" data-host={task.host ?? ''} title={task.repoPath}>
          {task.host ?? 'This machine'} · {repoLabel(task.repoPath)}
        </h2>
      )}
      <TaskSection task={task} initiallyOpen={i < EXPANDED_TASKS} />
    </Fragment>
  ));
}

function DashboardHeader() {
  const counts = useStatusCounts();
  const usage = useTotalUsage();
  const cost = useTotalCost();
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  return (
    <div className="dashboard-header">
      <h1 className="view-title">Agents</h1>
      <span className="count-chip">{total}</span>
      <div className="status-summary">
        {THREAD_STATUSES.filter((s) => counts[s]).map((status) => (
          <span key={status} className="status-count" data-status={status}>
            <span className="status-dot" aria-hidden />
            {counts[status]} {status.replace('_', ' ')}
          </span>
        ))}
      </div>
      <div className="top-spacer" />
      <span className="usage-total" data-testid="usage-total" title="Tokens used by all threads">
        <span className="muted">Tokens</span> {formatUsage(usage)}
      </span>
      {cost !== null && (
        <span className="usage-total" data-testid="cost-total" title="Estimated cost of all threads">
          <span className="muted">Cost</span> {formatCost(cost)}
        </span>
      )}
      {total > 0 && <ListToggle />}
      {total > 0 && <BulkControls />}
      {total > 0 && <MergeSelectionBar />}
    </div>
  );
}

/** Shows or hides the compact agent list beside the grid (also `l`). */
function ListToggle() {
  const { open, set } = useThreadList();
  return (
    <button type="button" className="button" data-testid="thread-list-toggle" aria-pressed={open} title="Show or hide the agent list (l)" onClick={() => set({ open: !open })}>
      {open ? 'Hide list' : 'List'}
    </button>
  );
}

/** Pause all / Resume all, each enabled only when some thread would be affected. */
function BulkControls() {
  const actions = useActions();
  const { pausable, paused } = useThreadsStore(useShallow((s) => bulkControlCounts(Object.values(s.byId))));
  const [busy, run] = useControlRunner();
  return (
    <span className="bulk-controls">
      <button
        type="button"
        className="button"
        data-testid="pause-all-button"
        title={`Pause every running agent (${pausable})`}
        disabled={busy || pausable === 0}
        onClick={() => run('pause all', actions.pauseAll)}
      >
        Pause all
      </button>
      <button
        type="button"
        className="button"
        data-testid="resume-all-button"
        title={`Resume every paused agent (${paused})`}
        disabled={busy || paused === 0}
        onClick={() => run('resume all', actions.resumeAll)}
      >
        Resume all
      </button>
    </span>
  );
}

const TaskSection = memo(function TaskSection(props: { task: TaskGroup; initiallyOpen: boolean }) {
  const { task } = props;
  const [open, setOpen] = useState(props.initiallyOpen);
  const count = task.threadIds.length;
  return (
    <section className="task-section">
      <div className="task-header-row">
        <button type="button" className="task-header" onClick={() => setOpen(!open)} aria-expanded={open}>
          <svg className={open ? 'chevron open' : 'chevron'} viewBox="0 0 16 16" width="12" height="12" aria-hidden>
            <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
          <span className="task-prompt-line" title={task.prompt}>
            {task.prompt}
          </span>
          <span className="task-meta">
            {task.host !== undefined && <span data-testid="task-host">on {task.host} · </span>}
            {count} agent{count === 1 ? '' : 's'} · {formatAgo(task.createdAt, Date.now())}
          </span>
        </button>
        {count > 1 && <CompareButton taskId={task.taskId} />}
      </div>
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
