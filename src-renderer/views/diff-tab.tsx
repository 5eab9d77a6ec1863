/**
 * The thread's Changes tab: a file list, the virtualized diff (unified or split), a turn selector
 * with rollback, per-file and per-hunk revert, and line comments collected into a review.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { ApiError, Result } from '../../src-shared/protocol/api';
import type { ThreadDiff } from '../../src-shared/protocol/api-review';
import { DiffFileList } from '../components/diff-file-list';
import { DiffReviewBar } from '../components/diff-review-bar';
import { DiffRowView, type RowContext } from '../components/diff-rows-view';
import { SplitScrollBars } from '../components/diff-split-scroll';
import { VirtualList, type ScrollRequest } from '../components/diff-virtual-list';
import { ErrorMessage } from '../components/error-message';
import { splitColumns } from '../lib/diff-columns';
import { buildRows, rowOffsets, type ViewMode } from '../lib/diff-rows';
import { grammarForPath } from '../lib/code-highlight';
import { safeCall } from '../session/safe-call';
import { useClient } from '../session/session-context';
import { useDiffReviewStore, useThreadReview } from '../stores/diff-review-store';
import { useThreadDiff } from '../stores/diff-source';
import { DiffToolbar } from './diff-toolbar';

export function DiffTab(props: { threadId: string }) {
  const { threadId } = props;
  const [turn, setTurn] = useState<number | null>(null);
  const [mode, setMode] = useState<ViewMode>('unified');
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const source = useThreadDiff(threadId, turn);
  const client = useClient();

  const act = useCallback(
    async (question: string, run: () => Promise<Result<unknown>>) => {
      if (!window.confirm(question)) return;
      const result = await run();
      setActionError(result.ok ? null : result.error);
      source.reload();
    },
    [source],
  );
  const revertFile = useCallback(
    (path: string) => void act(`Revert every change to ${path} in the worktree?`, () => safeCall(client, 'thread.revert', { threadId, path, hunkIndex: null })),
    [act, client, threadId],
  );
  const revertHunk = useCallback(
    (path: string, hunkIndex: number) =>
      void act(`Revert hunk ${hunkIndex + 1} of ${path}?`, () => safeCall(client, 'thread.revert', { threadId, path, hunkIndex })),
    [act, client, threadId],
  );
  const rollback = useCallback(
    (to: number) =>
      void act(`Roll the worktree back to its state after turn ${to}? Later changes are lost.`, () =>
        safeCall(client, 'thread.rollback', { threadId, turn: to }),
      ),
    [act, client, threadId],
  );

  return (
    <div className="diff-tab" data-testid="changes-tab-body">
      <DiffToolbar
        diff={source.diff}
        checkpoints={source.checkpoints}
        turn={turn}
        onTurn={setTurn}
        mode={mode}
        onMode={setMode}
        loading={source.loading}
        onRollback={rollback}
      />
      {source.error && <ErrorMessage error={source.error} />}
      {actionError && <ErrorMessage error={actionError} />}
      {source.diff && source.diff.files.length === 0 && <div className="diff-empty">No changes{turn === null ? ' yet' : ' in this turn'}.</div>}
      {source.diff && source.diff.files.length > 0 && (
        <DiffBody threadId={threadId} diff={source.diff} mode={mode} canRevert={turn === null} revertFile={revertFile} revertHunk={revertHunk} />
      )}
    </div>
  );
}

interface BodyProps {
  threadId: string;
  diff: ThreadDiff;
  mode: ViewMode;
  canRevert: boolean;
  revertFile: (path: string) => void;
  revertHunk: (path: string, hunkIndex: number) => void;
}

function DiffBody(props: BodyProps) {
  const { threadId, diff, mode } = props;
  const review = useThreadReview(threadId);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [scrollRequest, setScrollRequest] = useState<ScrollRequest | null>(null);

  const rows = useMemo(
    () => buildRows(diff, { mode, comments: review.comments, editing: review.editing, collapsed }),
    [diff, mode, review.comments, review.editing, collapsed],
  );
  const offsets = useMemo(() => rowOffsets(rows), [rows]);
  const grammars = useMemo(() => diff.files.map((f) => grammarForPath(f.path)), [diff]);
  const fileRows = useMemo(() => rows.flatMap((r, i) => (r.kind === 'file' ? [i] : [])), [rows]);
  const columns = useMemo(() => (mode === 'split' ? splitColumns(rows) : null), [mode, rows]);
  const mainRef = useRef<HTMLDivElement>(null);

  const ctx: RowContext = {
    diff,
    mode,
    grammars,
    collapsed,
    canRevert: props.canRevert,
    toggleFile: (path) => setCollapsed((s) => toggled(s, path)),
    revertFile: props.revertFile,
    revertHunk: props.revertHunk,
    openEditor: (anchor) => useDiffReviewStore.getState().openEditor(threadId, anchor),
    addComment: (anchor, body) => useDiffReviewStore.getState().addComment(threadId, anchor, body),
    removeComment: (id) => useDiffReviewStore.getState().removeComment(threadId, id),
  };
  const pick = useCallback((fileIndex: number) => setScrollRequest({ row: fileRows[fileIndex] ?? 0, nonce: Date.now() }), [fileRows]);
  const renderRow = (i: number) => {
    const row = rows[i];
    return row ? <DiffRowView row={row} ctx={ctx} /> : null;
  };
  return (
    <>
      <div className="diff-body" data-mode={mode}>
        <DiffFileList files={diff.files} onPick={pick} />
        <div className="diff-main" ref={mainRef}>
          <VirtualList offsets={offsets} renderRow={renderRow} scrollRequest={scrollRequest} testId="diff-rows" />
          {columns && <SplitScrollBars columns={columns} host={mainRef} />}
        </div>
      </div>
      <DiffReviewBar threadId={threadId} comments={review.comments} />
    </>
  );
}

function toggled(set: ReadonlySet<string>, key: string): ReadonlySet<string> {
  const next = new Set(set);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}
