/** Client API: review (diffs, checkpoints, revert, comments) and merge (matrix, train, discard). */
import { z } from 'zod';
import { lazyCommand } from './lazy-command';

const Empty = z.object({});
const ThreadRef = z.object({ threadId: z.string() });

export const DiffLineSchema = z.object({
  kind: z.enum(['context', 'add', 'del']),
  text: z.string(),
  oldNo: z.number().int().nullable(),
  newNo: z.number().int().nullable(),
});

export const DiffHunkSchema = z.object({
  header: z.string(),
  oldStart: z.number().int(),
  oldLines: z.number().int(),
  newStart: z.number().int(),
  newLines: z.number().int(),
  lines: z.array(DiffLineSchema),
});
export type DiffHunk = z.infer<typeof DiffHunkSchema>;

export const DiffFileSchema = z.object({
  path: z.string(),
  oldPath: z.string().nullable(),
  status: z.enum(['added', 'modified', 'deleted', 'renamed', 'copied', 'typechange']),
  binary: z.boolean(),
  oldMode: z.string().nullable(),
  newMode: z.string().nullable(),
  additions: z.number().int(),
  deletions: z.number().int(),
  hunks: z.array(DiffHunkSchema),
});
export type DiffFile = z.infer<typeof DiffFileSchema>;

export const ThreadDiffSchema = z.object({
  /** What the diff is against: the merge-base with the base branch, or the previous checkpoint. */
  baseCommit: z.string(),
  files: z.array(DiffFileSchema),
});
export type ThreadDiff = z.infer<typeof ThreadDiffSchema>;

export const CheckpointSchema = z.object({ turn: z.number().int(), ref: z.string(), commit: z.string(), createdAt: z.number() });
export type Checkpoint = z.infer<typeof CheckpointSchema>;

export const ReviewCommentSchema = z.object({
  path: z.string(),
  line: z.number().int(),
  side: z.enum(['old', 'new']),
  body: z.string().min(1),
});
export type ReviewComment = z.infer<typeof ReviewCommentSchema>;

export const MergeStrategySchema = z.enum(['squash', 'merge', 'rebase']);
export type MergeStrategy = z.infer<typeof MergeStrategySchema>;

export const ConflictMatrixSchema = z.object({
  baseBranch: z.string(),
  /** Each chosen branch against the current base. */
  againstBase: z.array(z.object({ threadId: z.string(), conflicts: z.array(z.string()) })),
  /** Each pair of chosen branches against each other. */
  pairs: z.array(z.object({ a: z.string(), b: z.string(), conflicts: z.array(z.string()) })),
});
export type ConflictMatrix = z.infer<typeof ConflictMatrixSchema>;

export const MergeReportSchema = z.object({
  merged: z.array(z.object({ threadId: z.string(), commit: z.string() })),
  /** The thread whose merge conflicted, which stopped the train before anything was half-merged. */
  stopped: z.object({ threadId: z.string(), conflicts: z.array(z.string()) }).nullable(),
  /** Set when the base was a commit (a task started on a detached HEAD): the branch that now holds the work. */
  landedOn: z.object({ branch: z.string(), note: z.string() }).optional(),
});
export type MergeReport = z.infer<typeof MergeReportSchema>;

export const reviewCommands = {
  /** The thread's worktree against the merge-base with its base branch, or one turn's change. */
  'thread.diff': lazyCommand(() => ({ params: ThreadRef.extend({ turn: z.number().int().nullable().optional() }), result: ThreadDiffSchema })),
  'thread.checkpoints': lazyCommand(() => ({ params: ThreadRef, result: z.array(CheckpointSchema) })),
  /** Restores the worktree exactly to its state after `turn`. */
  'thread.rollback': lazyCommand(() => ({ params: ThreadRef.extend({ turn: z.number().int() }), result: Empty })),
  /** Reverts a file, or one hunk of it (index into that file's hunks in thread.diff), in the worktree. */
  'thread.revert': lazyCommand(() => ({ params: ThreadRef.extend({ path: z.string(), hunkIndex: z.number().int().nullable() }), result: Empty })),
  /** Sends review comments to the agent as one message, quoted with file and line. */
  'thread.review': lazyCommand(() => ({
    params: ThreadRef.extend({ comments: z.array(ReviewCommentSchema).min(1), summary: z.string().optional(), mode: z.enum(['steer', 'queue']) }),
    result: z.object({ messageId: z.string() }),
  })),
  'merge.check': lazyCommand(() => ({ params: z.object({ threadIds: z.array(z.string()).min(1) }), result: ConflictMatrixSchema })),
  'merge.run': lazyCommand(() => ({ params: z.object({ threadIds: z.array(z.string()).min(1), strategy: MergeStrategySchema }), result: MergeReportSchema })),
  /** Brings the thread's worktree up to date with the base and hands the conflict to its agent. */
  'merge.resolve': { params: ThreadRef, result: Empty },
  /** Removes the worktree and branch. Unmerged work needs force, and is kept under a recoverable ref. */
  'thread.discard': lazyCommand(() => ({ params: ThreadRef.extend({ force: z.boolean().optional() }), result: z.object({ keptRef: z.string().nullable() }) })),
} as const;
