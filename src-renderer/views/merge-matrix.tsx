/** The conflict matrix: a row per thread, its cell against the base, then one per other thread. */
import type { ConflictMatrix } from '../../src-shared/protocol/api-review';
import { baseConflicts, pairConflicts } from '../lib/merge-plan';
import { useThreadsStore } from '../stores/threads-store';

interface Props {
  matrix: ConflictMatrix;
  threadIds: readonly string[];
  included: ReadonlySet<string>;
  onToggle: (threadId: string) => void;
}

export function ConflictMatrixTable(props: Props) {
  const { matrix, threadIds } = props;
  return (
    <table className="conflict-matrix" data-testid="conflict-matrix">
      <thead>
        <tr>
          <th />
          <th>{matrix.baseBranch}</th>
          {threadIds.map((id) => (
            <th key={id}>
              <ThreadLabel threadId={id} short />
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {threadIds.map((a) => (
          <tr key={a} data-thread-id={a}>
            <th className="matrix-row-head">
              <label>
                <input type="checkbox" data-testid="merge-include" checked={props.included.has(a)} onChange={() => props.onToggle(a)} />
                <ThreadLabel threadId={a} />
              </label>
            </th>
            <Cell a={a} b="base" conflicts={baseConflicts(matrix, a)} />
            {threadIds.map((b) =>
              a === b ? (
                <td key={b} className="matrix-self">
                  —
                </td>
              ) : (
                <Cell key={b} a={a} b={b} conflicts={pairConflicts(matrix, a, b)} />
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Cell(props: { a: string; b: string; conflicts: string[] }) {
  const clean = props.conflicts.length === 0;
  return (
    <td
      className="matrix-cell"
      data-testid="matrix-cell"
      data-a={props.a}
      data-b={props.b}
      data-conflicts={props.conflicts.length}
      title={clean ? 'Merges cleanly' : `Conflicts in ${props.conflicts.join(', ')}`}
    >
      {clean ? (
        <span className="matrix-clean">✓</span>
      ) : (
        <ul className="matrix-conflicts">
          {props.conflicts.map((file) => (
            <li key={file} className="mono">
              {file}
            </li>
          ))}
        </ul>
      )}
    </td>
  );
}

export function ThreadLabel(props: { threadId: string; short?: boolean }) {
  const summary = useThreadsStore((s) => s.byId[props.threadId]);
  if (!summary) return <span className="mono">{props.threadId}</span>;
  return (
    <span className="thread-label" title={summary.branch}>
      <span className="agent-chip">{summary.agentIndex}</span>
      {/* Agent numbers repeat across tasks; the branch's last segment tells columns apart. */}
      <span className="mono">{props.short ? summary.branch.slice(summary.branch.lastIndexOf('-') + 1) : summary.branch}</span>
    </span>
  );
}
