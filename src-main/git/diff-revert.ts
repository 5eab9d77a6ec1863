/**
 * Reverting a thread's change to one file, or one hunk of it, in the worktree. Only files change:
 * the worktree's index and HEAD are left as they are, like any edit the agent makes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../src-shared/protocol/api';
import { withTempIndex } from './checkpoint-snapshot';
import { worktreeDiff, type FileWithPatch } from './diff';
import { runGit, throwIfCancelled } from './git';

type Empty = Record<string, never>;

/** `signal` stops it while it reads the diff; once a file is being written, it finishes. */
export async function revertChange(worktree: string, baseBranch: string, path: string, hunkIndex: number | null, signal?: AbortSignal): Promise<Result<Empty>> {
  const { baseCommit, files } = await worktreeDiff(worktree, baseBranch, [], signal);
  throwIfCancelled(signal, 'revert');
  const entry = files.find((f) => f.file.path === path);
  if (!entry) return fail('not_found', `${path} has no changes in this thread; refresh the diff.`);
  // An added file's one hunk is the whole file: reverting it removes the file, never leaves it empty.
  const onlyHunkOfAddedFile = entry.file.status === 'added' && entry.hunkTexts.length === 1 && hunkIndex === 0;
  if (hunkIndex === null || onlyHunkOfAddedFile) {
    await revertFile(worktree, baseCommit, entry);
    return ok({});
  }
  const hunk = entry.hunkTexts[hunkIndex];
  if (hunk === undefined || entry.file.status === 'typechange') {
    return fail('invalid_request', `${path} has no hunk ${hunkIndex}; refresh the diff and pick a hunk again.`);
  }
  await reverseApply(worktree, path, hunk);
  return ok({});
}

/** Puts the base version back (under its old name for a rename) and removes what the thread added. */
async function revertFile(worktree: string, baseCommit: string, { file }: FileWithPatch): Promise<void> {
  const restore = file.status === 'added' ? null : (file.oldPath ?? file.path);
  if (file.status === 'renamed' || file.status === 'added') await rm(join(worktree, file.path), { force: true });
  if (restore === null) return;
  await withTempIndex(worktree, async (env) => {
    await runGit(worktree, ['read-tree', baseCommit], { env });
    await runGit(worktree, ['checkout-index', '--force', '--', restore], { env });
  });
}

async function reverseApply(worktree: string, path: string, hunk: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'flotilla-hunk-'));
  try {
    const patchFile = join(dir, 'hunk.patch');
    await writeFile(patchFile, `--- a/${path}\n+++ b/${path}\n${hunk}`);
    await runGit(worktree, ['apply', '--reverse', '--unidiff-zero', '--whitespace=nowarn', patchFile]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
