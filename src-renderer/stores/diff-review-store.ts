/**
 * Pending review comments, per thread, until "Send review" delivers them as one message. Kept in
 * a store (not component state) so switching tabs or scrolling a comment out of the virtualized
 * window does not lose a draft.
 */
import { create } from 'zustand';
import type { ReviewComment } from '../../src-shared/protocol/api-review';
import type { LineAnchor, PendingComment } from '../lib/diff-rows';

interface ThreadReview {
  comments: PendingComment[];
  /** The line whose comment box is open, if any. */
  editing: LineAnchor | null;
}

const EMPTY: ThreadReview = { comments: [], editing: null };

interface DiffReviewState {
  byThread: Record<string, ThreadReview>;
  openEditor: (threadId: string, anchor: LineAnchor | null) => void;
  addComment: (threadId: string, anchor: LineAnchor, body: string) => void;
  removeComment: (threadId: string, id: number) => void;
  clear: (threadId: string) => void;
}

let nextCommentId = 1;

export const useDiffReviewStore = create<DiffReviewState>()((set) => {
  const update = (threadId: string, change: (review: ThreadReview) => ThreadReview) =>
    set((s) => ({ byThread: { ...s.byThread, [threadId]: change(s.byThread[threadId] ?? EMPTY) } }));
  return {
    byThread: {},
    openEditor: (threadId, editing) => update(threadId, (r) => ({ ...r, editing })),
    addComment: (threadId, anchor, body) =>
      update(threadId, (r) => ({
        comments: [...r.comments, { ...anchor, id: nextCommentId++, body }],
        editing: null,
      })),
    removeComment: (threadId, id) => update(threadId, (r) => ({ ...r, comments: r.comments.filter((c) => c.id !== id) })),
    clear: (threadId) => update(threadId, () => EMPTY),
  };
});

export function useThreadReview(threadId: string): ThreadReview {
  return useDiffReviewStore((s) => s.byThread[threadId] ?? EMPTY);
}

/** "src/a.ts:12" for the new side, "src/a.ts:12 (old)" for a deleted line. */
export function formatAnchor(anchor: LineAnchor): string {
  return `${anchor.path}:${anchor.line}${anchor.side === 'old' ? ' (old)' : ''}`;
}

/**
 * The comments as thread.review takes them: bodies trimmed, empty ones dropped, in file and line
 * order so the agent reads them top to bottom whatever order they were written in.
 */
export function toReviewComments(pending: readonly PendingComment[]): ReviewComment[] {
  return pending
    .map((c) => ({ path: c.path, line: c.line, side: c.side, body: c.body.trim() }))
    .filter((c) => c.body.length > 0)
    .sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.side.localeCompare(b.side));
}
