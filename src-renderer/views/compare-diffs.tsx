/**
 * Compare's side-by-side changes: one block per file any candidate touched, a column per
 * candidate, and the hunks in rows (lib/compare-align.ts) so the same base lines sit at the same
 * height in every column. A candidate that left the file alone shows a gap saying so.
 */
import { memo } from 'react';
import type { DiffFile, DiffHunk } from '../../src-shared/protocol/api-review';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import { ErrorMessage } from '../components/error-message';
import { alignFiles, alignHunks, type AlignedFile } from '../lib/compare-align';
import type { CandidateDiff } from '../stores/candidate-diffs';

/** Lines drawn per hunk cell; a longer hunk says how many more it has (View diff shows them all). */
const MAX_HUNK_LINES = 200;

export function CompareDiffs(props: { threads: readonly ThreadSummary[]; diffs: Record<string, CandidateDiff> }) {
  const { threads, diffs } = props;
  const states = threads.map((t) => diffs[t.id] ?? { state: 'loading' as const });
  if (states.some((s) => s.state === 'loading')) return <div className="muted compare-diffs-note">Loading the candidates' changes…</div>;
  const errors = states.flatMap((s) => (s.state === 'error' ? [s.error] : []));
  const files = alignFiles(states.map((s) => (s.state === 'loaded' ? s.diff.files : [])));
  const columns = { gridTemplateColumns: `repeat(${threads.length}, minmax(0, 1fr))` };
  return (
    <section className="compare-diffs" data-testid="compare-diffs">
      {errors.map((error, i) => (
        <ErrorMessage key={i} error={error} />
      ))}
      {files.length === 0 && <div className="muted compare-diffs-note">No candidate has changed anything yet.</div>}
      {files.map((file) => (
        <CompareFile key={file.path} file={file} threads={threads} columns={columns} />
      ))}
    </section>
  );
}

const CompareFile = memo(function CompareFile(props: { file: AlignedFile; threads: readonly ThreadSummary[]; columns: { gridTemplateColumns: string } }) {
  const { file, threads, columns } = props;
  const rows = alignHunks(file.cells);
  return (
    <div className="compare-file" data-testid="compare-file" data-path={file.path}>
      <div className="compare-file-path mono">{file.path}</div>
      <div className="compare-grid" style={columns}>
        {file.cells.map((cell, i) => (
          <FileCellHeader key={threads[i]?.id ?? i} cell={cell} thread={threads[i]} />
        ))}
        {rows.flatMap((row, r) =>
          row.cells.map((hunks, i) => (
            <div
              key={`${r}:${threads[i]?.id ?? i}`}
              className={hunks.length ? 'compare-cell' : 'compare-cell compare-cell-same'}
              data-testid="compare-hunk-cell"
              data-row={r}
              data-thread-id={threads[i]?.id}
            >
              {hunks.length ? hunks.map((hunk, h) => <HunkLines key={h} hunk={hunk} />) : file.cells[i] && <span className="muted">Unchanged here (base lines {row.baseStart}–{row.baseEnd})</span>}
            </div>
          )),
        )}
      </div>
    </div>
  );
});

function FileCellHeader(props: { cell: DiffFile | null; thread: ThreadSummary | undefined }) {
  const { cell, thread } = props;
  if (!cell) {
    return (
      <div className="compare-cell-head compare-absent" data-testid="compare-absent" data-thread-id={thread?.id}>
        Agent {thread?.agentIndex} did not touch this file
      </div>
    );
  }
  return (
    <div className="compare-cell-head" data-testid="compare-present" data-thread-id={thread?.id}>
      <span className="agent-chip">{thread?.agentIndex}</span> {cell.status}{' '}
      <span className="diff-add">+{cell.additions}</span> <span className="diff-del">−{cell.deletions}</span>
      {cell.binary && <span className="muted"> · binary</span>}
    </div>
  );
}

function HunkLines(props: { hunk: DiffHunk }) {
  const { hunk } = props;
  const shown = hunk.lines.slice(0, MAX_HUNK_LINES);
  return (
    <div className="compare-hunk">
      <div className="compare-hunk-header mono">{hunk.header}</div>
      <pre className="compare-lines">
        {shown.map((line, i) => (
          <div key={i} className={`compare-line compare-line-${line.kind}`} data-testid="compare-line" data-kind={line.kind}>
            <span className="compare-sign">{line.kind === 'add' ? '+' : line.kind === 'del' ? '−' : ' '}</span>
            {line.text}
          </div>
        ))}
      </pre>
      {hunk.lines.length > shown.length && <div className="muted">… {hunk.lines.length - shown.length} more lines (View diff shows them)</div>}
    </div>
  );
}
