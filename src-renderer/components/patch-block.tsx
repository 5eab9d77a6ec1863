import { memo, useMemo, useState } from 'react';
import type { PatchFileChange, TranscriptItem } from '../../src-shared/protocol/items';

type PatchItem = Extract<TranscriptItem, { type: 'patch' }>;

/** The files a patch touched with A/M/D/R and +/-, and the patch text behind a toggle. */
export const PatchBlock = memo(function PatchBlock(props: { item: PatchItem }) {
  const { item } = props;
  const [open, setOpen] = useState(false);
  const totals = useMemo(() => sumChanges(item.changes), [item.changes]);
  const count = item.changes.length;
  return (
    <div className="block patch" data-status={item.status}>
      <div className="block-head">
        <span className="block-title">
          {item.status === 'in_progress' ? 'Applying patch' : 'Edited'} {count} file{count === 1 ? '' : 's'}
        </span>
        <span className="block-meta">
          <span className="add">+{totals.additions}</span>
          <span className="del">−{totals.deletions}</span>
          {item.status !== 'completed' && item.status !== 'in_progress' && (
            <span className="exit-badge bad">{item.status}</span>
          )}
          {item.patch && (
            <button type="button" className="link-button" onClick={() => setOpen(!open)} aria-expanded={open}>
              {open ? 'Hide diff' : 'Show diff'}
            </button>
          )}
        </span>
      </div>
      <ul className="patch-files">
        {item.changes.map((change) => (
          <PatchFileRow key={`${change.path}->${change.movePath ?? ''}`} change={change} />
        ))}
      </ul>
      {item.error && <div className="block-error">{item.error}</div>}
      {open && <PatchText patch={item.patch} />}
    </div>
  );
});

function PatchFileRow(props: { change: PatchFileChange }) {
  const { change } = props;
  const letter = change.movePath ? 'R' : change.kind === 'add' ? 'A' : change.kind === 'delete' ? 'D' : 'M';
  return (
    <li className="patch-file">
      <span className={`change-kind kind-${letter}`}>{letter}</span>
      <span className="mono patch-path">
        {change.path}
        {change.movePath && <span className="muted"> → {change.movePath}</span>}
      </span>
      <span className="add">+{change.additions}</span>
      <span className="del">−{change.deletions}</span>
    </li>
  );
}

export function PatchText(props: { patch: string }) {
  const lines = useMemo(() => props.patch.split('\n'), [props.patch]);
  return (
    <pre className="patch-text">
      {lines.map((line, i) => (
        <span key={i} className={patchLineClass(line)}>
          {line}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

function patchLineClass(line: string): string {
  if (line.startsWith('***') || line.startsWith('@@')) return 'pl-meta';
  if (line.startsWith('+')) return 'pl-add';
  if (line.startsWith('-')) return 'pl-del';
  return 'pl-ctx';
}

function sumChanges(changes: readonly PatchFileChange[]): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const c of changes) {
    additions += c.additions;
    deletions += c.deletions;
  }
  return { additions, deletions };
}
