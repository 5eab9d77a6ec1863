/** Handlers for reviewing a thread: diffs, checkpoints, rollback, revert and review comments. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fail, ok, type Result } from '../../../src-shared/protocol/api';
import type { ReviewComment, ThreadDiff } from '../../../src-shared/protocol/api-review';
import { listCheckpoints, restoreTree } from '../../git/checkpoint';
import { threadDiff, turnDiff } from '../../git/diff';
import { revertChange } from '../../git/diff-revert';
import type { CommandHandlers } from './api-handler';
import { isRunningStatus } from '../thread';
import type { ThreadHost } from '../thread';
import type { ThreadRegistry } from '../thread';

type ReviewCommand = 'thread.diff' | 'thread.checkpoints' | 'thread.rollback' | 'thread.revert' | 'thread.review';

export function lookupThread(registry: ThreadRegistry, threadId: string): Result<ThreadHost> {
  const host = registry.get(threadId);
  return host ? ok(host) : fail('not_found', `No thread ${threadId}. It may belong to another data dir.`);
}

/** A thread whose worktree the fleet may change now: it exists and no agent is editing it. */
export function idleWithWorktree(registry: ThreadRegistry, threadId: string, action: string): Result<ThreadHost> {
  const found = lookupThread(registry, threadId);
  if (!found.ok) return found;
  const summary = found.value.summary;
  if (!existsSync(summary.worktreePath)) {
    return fail('invalid_state', `Thread ${threadId} has no worktree any more (it was ${summary.mergeState}), so it cannot ${action}.`);
  }
  if (isRunningStatus(summary.status)) {
    return fail('invalid_state', `The agent of thread ${threadId} is still working. Wait for it to finish or interrupt it, then ${action} again.`);
  }
  return found;
}

/** `signal` is the fleet's lifetime: reads stop with it, and writes stop before they start. */
export function createReviewHandlers(registry: ThreadRegistry, signal?: AbortSignal): Pick<CommandHandlers, ReviewCommand> {
  return {
    'thread.diff': async ({ threadId, turn }) => {
      const found = lookupThread(registry, threadId);
      if (!found.ok) return found;
      const { repoPath, worktreePath, baseBranch } = found.value.summary;
      if (turn === null || turn === undefined) {
        if (!existsSync(worktreePath)) return fail('invalid_state', `Thread ${threadId} has no worktree any more; its diff is gone.`);
        return ok(await threadDiff(worktreePath, baseBranch, signal));
      }
      const diff = await turnDiff(repoPath, threadId, turn, signal);
      return diff ? ok(diff) : fail('not_found', `Thread ${threadId} has no checkpoint for turn ${turn}.`);
    },
    'thread.checkpoints': async ({ threadId }) => {
      const found = lookupThread(registry, threadId);
      return found.ok ? ok(await listCheckpoints(found.value.summary.repoPath, threadId, signal)) : found;
    },
    'thread.rollback': async ({ threadId, turn }) => {
      const found = idleWithWorktree(registry, threadId, 'roll back');
      if (!found.ok) return found;
      const checkpoint = (await listCheckpoints(found.value.summary.repoPath, threadId, signal)).find((c) => c.turn === turn);
      if (!checkpoint) return fail('not_found', `Thread ${threadId} has no checkpoint for turn ${turn}.`);
      await restoreTree(found.value.summary.worktreePath, checkpoint.commit, signal);
      found.value.refreshChanges();
      return ok({});
    },
    'thread.revert': async ({ threadId, path, hunkIndex }) => {
      const found = idleWithWorktree(registry, threadId, 'revert');
      if (!found.ok) return found;
      const result = await revertChange(found.value.summary.worktreePath, found.value.summary.baseBranch, path, hunkIndex, signal);
      if (result.ok) found.value.refreshChanges();
      return result;
    },
    'thread.review': async ({ threadId, comments, summary, mode }) => {
      const found = lookupThread(registry, threadId);
      if (!found.ok) return found;
      const { worktreePath, baseBranch } = found.value.summary;
      const diff = existsSync(worktreePath) ? await threadDiff(worktreePath, baseBranch, signal) : null;
      const readLines = (path: string): string[] | null => {
        const full = resolve(worktreePath, path);
        // Only files inside the worktree; a comment names a path, not a place to read from.
        if (!full.startsWith(`${worktreePath}${sep}`) || !existsSync(full)) return null;
        return readFileSync(full, 'utf8').split('\n');
      };
      return found.value.send(formatReview(comments, summary, diff, readLines), mode);
    },
  };
}

/** "Review comments:" then, per comment, `path:line`, the quoted line, and the comment. */
export function formatReview(
  comments: readonly ReviewComment[],
  summary: string | undefined,
  diff: ThreadDiff | null,
  readLines: (path: string) => string[] | null = () => null,
): string {
  const blocks = comments.map((comment) => {
    // A line outside the diff's hunks is quoted from the file as it is now.
    const quoted = quotedLine(diff, comment) ?? (comment.side === 'new' ? (readLines(comment.path)?.[comment.line - 1] ?? null) : null);
    const where = `${comment.path}:${comment.line}${comment.side === 'old' ? ' (removed line)' : ''}`;
    return [where, ...(quoted === null ? [] : [`> ${quoted}`]), comment.body.trim()].join('\n');
  });
  const intro = summary?.trim() ? [summary.trim()] : [];
  return ['Review comments:', ...intro, ...blocks].join('\n\n');
}

function quotedLine(diff: ThreadDiff | null, comment: ReviewComment): string | null {
  const file = diff?.files.find((f) => f.path === comment.path || f.oldPath === comment.path);
  for (const hunk of file?.hunks ?? []) {
    const line = hunk.lines.find((l) => (comment.side === 'old' ? l.oldNo : l.newNo) === comment.line);
    if (line) return line.text;
  }
  return null;
}
