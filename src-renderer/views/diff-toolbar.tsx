/** Above the diff: which change to show (all, or one turn), rollback, and unified/split. */
import type { Checkpoint, ThreadDiff } from '../../src-shared/protocol/api-review';
import type { ViewMode } from '../lib/diff-rows';

interface Props {
  diff: ThreadDiff | null;
  checkpoints: readonly Checkpoint[];
  turn: number | null;
  onTurn: (turn: number | null) => void;
  mode: ViewMode;
  onMode: (mode: ViewMode) => void;
  loading: boolean;
  onRollback: (turn: number) => void;
}

export function DiffToolbar(props: Props) {
  const { diff, turn } = props;
  const totals = diff?.files.reduce((t, f) => ({ add: t.add + f.additions, del: t.del + f.deletions }), { add: 0, del: 0 });
  return (
    <div className="diff-toolbar">
      <select
        className="input select"
        data-testid="turn-select"
        value={turn === null ? '' : String(turn)}
        onChange={(e) => props.onTurn(e.target.value === '' ? null : Number(e.target.value))}
      >
        <option value="">All changes</option>
        {props.checkpoints.map((c) => (
          <option key={c.turn} value={String(c.turn)}>
            Turn {c.turn}
          </option>
        ))}
      </select>
      {turn !== null && (
        <button type="button" className="button ghost" data-testid="rollback-button" onClick={() => props.onRollback(turn)}>
          Roll back to turn {turn}
        </button>
      )}
      {diff && totals && (
        <span className="diff-summary mono">
          {diff.files.length} file{diff.files.length === 1 ? '' : 's'} <span className="diff-add">+{totals.add}</span>{' '}
          <span className="diff-del">−{totals.del}</span>
          <span className="muted"> against {diff.baseCommit.slice(0, 8)}</span>
        </span>
      )}
      {props.loading && <span className="muted">Loading…</span>}
      <div className="top-spacer" />
      <button
        type="button"
        className="button"
        data-testid="diff-view-toggle"
        data-mode={props.mode}
        onClick={() => props.onMode(props.mode === 'unified' ? 'split' : 'unified')}
      >
        {props.mode === 'unified' ? 'Split view' : 'Unified view'}
      </button>
    </div>
  );
}
