/**
 * A worktree's size of change: committed, staged, unstaged and untracked changes against the
 * merge-base with the commit the thread started from. Cheap enough to run after every turn.
 */
import { lstat, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { DiffStat } from '../../src-shared/domain/thread';
import { bothSettled } from './concurrency';
import { runGit } from './git';

/** Untracked files bigger than this count as one file with no lines, like a binary. */
const MAX_COUNTED_BYTES = 8 * 1024 * 1024;
/** Git's own heuristic: a NUL byte in the first 8000 bytes means binary. */
const BINARY_SNIFF_BYTES = 8000;

export async function mergeBase(worktreePath: string, baseCommit: string, signal?: AbortSignal): Promise<string> {
  const { stdout, exitCode } = await runGit(worktreePath, ['merge-base', 'HEAD', baseCommit], {
    successExitCodes: [0, 1],
    signal,
  });
  // Exit 1: no common ancestor (history rewritten); comparing with the base itself still says something.
  return exitCode === 0 ? stdout.trim() : baseCommit;
}

export async function worktreeDiffStat(worktreePath: string, baseCommit: string, signal?: AbortSignal): Promise<DiffStat> {
  const [tracked, untracked] = await bothSettled(
    mergeBase(worktreePath, baseCommit, signal).then((base) => trackedDiffStat(worktreePath, base, signal)),
    untrackedDiffStat(worktreePath, signal),
  );
  return {
    files: tracked.files + untracked.files,
    additions: tracked.additions + untracked.additions,
    deletions: tracked.deletions + untracked.deletions,
  };
}

/** `git diff <base>` compares the working tree (so staged and unstaged edits too) with the base. */
async function trackedDiffStat(worktreePath: string, base: string, signal?: AbortSignal): Promise<DiffStat> {
  const { stdout } = await runGit(worktreePath, ['diff', '--numstat', '--no-color', '--no-ext-diff', base, '--'], { signal });
  const stat: DiffStat = { files: 0, additions: 0, deletions: 0 };
  for (const line of stdout.split('\n')) {
    const match = /^(\d+|-)\t(\d+|-)\t/.exec(line);
    if (!match) continue;
    stat.files += 1;
    // Binary files show "-" for both counts.
    stat.additions += match[1] === '-' ? 0 : Number(match[1]);
    stat.deletions += match[2] === '-' ? 0 : Number(match[2]);
  }
  return stat;
}

/**
 * Untracked files as `git status` lists them (`.gitignore` applied, nested repositories as one
 * `dir/`).
 */
export async function untrackedPaths(worktreePath: string, signal?: AbortSignal): Promise<string[]> {
  const args = ['status', '--porcelain=v2', '--branch', '--untracked-files=all', '--ignore-submodules=dirty', '-z'];
  const { stdout } = await runGit(worktreePath, args, { env: { GIT_OPTIONAL_LOCKS: '0' }, signal });
  const paths: string[] = [];
  const fields = stdout.split('\0');
  for (let i = 0; i < fields.length; i += 1) {
    const field = fields[i]!;
    if (field.startsWith('? ')) paths.push(field.slice(2));
    // A rename or copy entry is followed by its original path in a field of its own.
    else if (field.startsWith('2 ')) i += 1;
  }
  return paths;
}

async function untrackedDiffStat(worktreePath: string, signal?: AbortSignal): Promise<DiffStat> {
  const paths = await untrackedPaths(worktreePath, signal);
  let additions = 0;
  for (const path of paths) additions += await countAddedLines(join(worktreePath, path));
  return { files: paths.length, additions, deletions: 0 };
}

async function countAddedLines(path: string): Promise<number> {
  try {
    const info = await lstat(path);
    // A symlink is one line (its target) to git; folders listed here are nested repositories.
    if (info.isSymbolicLink()) return 1;
    if (!info.isFile() || info.size === 0 || info.size > MAX_COUNTED_BYTES) return 0;
    const handle = await open(path, 'r');
    try {
      const content = await handle.readFile();
      if (content.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return 0;
      let lines = 0;
      for (let at = content.indexOf(0x0a); at !== -1; at = content.indexOf(0x0a, at + 1)) lines += 1;
      return content[content.length - 1] === 0x0a ? lines : lines + 1;
    } finally {
      await handle.close();
    }
  } catch {
    // Deleted between listing and reading: the agent is still working; the next stat catches up.
    return 0;
  }
}
