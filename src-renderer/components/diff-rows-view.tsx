/** How each kind of diff row is drawn. Rows are positioned by the virtual list; these fill them. */
import { useState } from 'react';
import type { ThreadDiff } from '../../src-shared/protocol/api-review';
import { anchorOf, type DiffLine, type DiffRow, type LineAnchor, type ViewMode } from '../lib/diff-rows';
import { formatAnchor } from '../stores/diff-review-store';
import { HighlightedCode } from './diff-code';
import { FileFacts, FilePath, StatusLetter } from './diff-file-meta';

export interface RowContext {
  diff: ThreadDiff;
  mode: ViewMode;
  /** Each file's highlight.js grammar, or null for none. */
  grammars: ReadonlyArray<string | null>;
  collapsed: ReadonlySet<string>;
  /** False for a single turn's diff: revert works on the worktree, whose hunks are those of "All changes". */
  canRevert: boolean;
  toggleFile: (path: string) => void;
  revertFile: (path: string) => void;
  revertHunk: (path: string, hunkIndex: number) => void;
  openEditor: (anchor: LineAnchor | null) => void;
  addComment: (anchor: LineAnchor, body: string) => void;
  removeComment: (id: number) => void;
}

export function DiffRowView(props: { row: DiffRow; ctx: RowContext }) {
  const { row, ctx } = props;
  const file = ctx.diff.files[row.fileIndex];
  if (!file) return null;
  const grammar = ctx.grammars[row.fileIndex] ?? null;
  switch (row.kind) {
    case 'file':
      return (
        <div className="diff-file-header" data-testid="diff-file-header" data-path={file.path}>
          <button type="button" className="diff-fold" onClick={() => ctx.toggleFile(file.path)} aria-label="Fold file">
            {ctx.collapsed.has(file.path) ? '▸' : '▾'}
          </button>
          <StatusLetter status={file.status} />
          <FilePath file={file} />
          <FileFacts file={file} />
          {ctx.canRevert && (
            <button type="button" className="button ghost small" data-testid="revert-file-button" onClick={() => ctx.revertFile(file.path)}>
              Revert file
            </button>
          )}
        </div>
      );
    case 'hunk':
      return (
        <div className="diff-hunk-header mono">
          <span className="diff-hunk-text">{row.header}</span>
          {ctx.canRevert && (
            <button
              type="button"
              className="link-button"
              data-testid="revert-hunk-button"
              onClick={() => ctx.revertHunk(file.path, row.hunkIndex)}
            >
              Revert hunk
            </button>
          )}
        </div>
      );
    case 'line':
      return <UnifiedLine line={row.line} grammar={grammar} onGutter={() => ctx.openEditor(anchorOf(file.path, row.line))} />;
    case 'split':
      return <SplitLine left={row.left} right={row.right} grammar={grammar} path={file.path} ctx={ctx} />;
    case 'note':
      return <div className="diff-note">{row.text}</div>;
    case 'comment':
      return (
        <div className="diff-inline-comment" data-testid="inline-comment">
          <span className="mono muted">{formatAnchor(row.comment)}</span>
          <span className="diff-inline-body">{row.comment.body}</span>
          <button type="button" className="link-button" onClick={() => ctx.removeComment(row.comment.id)}>
            Remove
          </button>
        </div>
      );
    case 'editor':
      return <CommentEditor anchor={row.anchor} ctx={ctx} />;
  }
}

const SIGNS: Record<DiffLine['kind'], string> = { context: ' ', add: '+', del: '-' };

function UnifiedLine(props: { line: DiffLine; grammar: string | null; onGutter: () => void }) {
  const { line } = props;
  return (
    <div className="diff-line" data-testid="diff-line" data-kind={line.kind}>
      <button type="button" className="diff-gutter mono" title="Comment on this line" onClick={props.onGutter}>
        <span>{line.oldNo ?? ''}</span>
        <span>{line.newNo ?? ''}</span>
      </button>
      <span className="diff-sign mono">{SIGNS[line.kind]}</span>
      <HighlightedCode text={line.text} grammar={props.grammar} />
    </div>
  );
}

function SplitLine(props: { left: DiffLine | null; right: DiffLine | null; grammar: string | null; path: string; ctx: RowContext }) {
  const { left, right, path, ctx } = props;
  const half = (line: DiffLine | null, side: 'old' | 'new') => {
    const no = line ? (side === 'old' ? line.oldNo : line.newNo) : null;
    const kind = line ? (line.kind === 'context' ? 'context' : side === 'old' ? 'del' : 'add') : 'empty';
    return (
      <div className="diff-half" data-testid="diff-line" data-kind={kind}>
        <button
          type="button"
          className="diff-gutter mono"
          disabled={no === null}
          onClick={() => no !== null && ctx.openEditor({ path, side, line: no })}
        >
          <span>{no ?? ''}</span>
        </button>
        {line && <HighlightedCode text={line.text} grammar={props.grammar} />}
      </div>
    );
  };
  return (
    <div className="diff-split">
      {half(left, 'old')}
      {half(right, 'new')}
    </div>
  );
}

function CommentEditor(props: { anchor: LineAnchor; ctx: RowContext }) {
  const [body, setBody] = useState('');
  const { anchor, ctx } = props;
  const add = () => body.trim() && ctx.addComment(anchor, body.trim());
  return (
    <div className="diff-editor">
      <div className="mono muted">Comment on {formatAnchor(anchor)}</div>
      <textarea
        className="diff-editor-input"
        data-testid="review-comment-input"
        autoFocus
        value={body}
        placeholder="What should the agent change here?"
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) add();
          if (e.key === 'Escape') ctx.openEditor(null);
        }}
      />
      <div className="diff-editor-actions">
        <button type="button" className="button ghost small" onClick={() => ctx.openEditor(null)}>
          Cancel
        </button>
        <button type="button" className="button primary small" data-testid="add-comment-button" disabled={!body.trim()} onClick={add}>
          Add comment
        </button>
      </div>
    </div>
  );
}
