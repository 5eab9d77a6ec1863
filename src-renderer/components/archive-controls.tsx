/** A thread's worktree on disk: its size, and Archive / Restore for a finished thread (docs/environment.md). */
import { memo, type MouseEvent } from 'react';
import { isTerminalStatus, type ThreadSummary } from '../../src-shared/domain/thread';
import { useActions } from '../session/session-context';
import { useControlRunner } from './thread-controls';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** Measured by the fleet in the background; nothing until it is, "archived" once the worktree is gone. */
export const WorktreeSize = memo(function WorktreeSize(props: { bytes: number | null | undefined; archived: boolean | undefined }) {
  if (props.archived) {
    return (
      <span className="worktree-size muted" data-testid="worktree-size" title="The worktree was removed; its branch and checkpoints are kept">
        archived
      </span>
    );
  }
  if (props.bytes === null || props.bytes === undefined) return null;
  return (
    <span className="worktree-size muted" data-testid="worktree-size" title="The worktree's size on disk">
      {formatBytes(props.bytes)}
    </span>
  );
});

export const ArchiveControls = memo(function ArchiveControls(props: { summary: ThreadSummary }) {
  const { summary } = props;
  const actions = useActions();
  const [busy, run] = useControlRunner();
  if (summary.mergeState === 'discarded') return null;
  const click = (what: string, action: () => Promise<unknown>) => (event: MouseEvent) => {
    event.stopPropagation();
    run(what, action as () => Promise<null>);
  };
  if (summary.archived) {
    return (
      <button type="button" className="button small" data-testid="thread-restore" disabled={busy} onClick={click('restore the worktree', () => actions.restore(summary.id))}>
        Restore
      </button>
    );
  }
  if (!isTerminalStatus(summary.status)) return null;
  return (
    <button
      type="button"
      className="button small"
      data-testid="thread-archive"
      title="Run teardown and remove the worktree; the branch, checkpoints and uncommitted work are kept, and Restore brings it back"
      disabled={busy}
      onClick={click('archive the worktree', () => actions.archive(summary.id))}
    >
      Archive
    </button>
  );
});
