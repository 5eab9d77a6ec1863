/**
 * `copy` in flotilla.json: git-ignored files (`.env`, local config) copied from the main checkout
 * into a new worktree, which otherwise has only what git tracks. git itself picks the files
 * (`ls-files --others --ignored` with glob pathspecs), so patterns mean what they mean in git
 * and tracked files are never touched. Copies are copy-on-write where the file system can
 * (reflink), and a symlink is recreated only when it points inside the repository: the copy
 * never follows a link out of it, and never writes outside the worktree.
 */
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, readlink, realpath, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { runGit } from '../git/git';

export interface CopyReport {
  copied: string[];
  skipped: { path: string; reason: string }[];
}

/** Paths (relative to the repository) of the ignored, untracked files the patterns match. */
export async function ignoredFilesMatching(repoRoot: string, patterns: readonly string[], signal?: AbortSignal): Promise<string[]> {
  if (patterns.length === 0) return [];
  const pathspecs = patterns.map((pattern) => `:(glob)${pattern}`);
  const { stdout } = await runGit(repoRoot, ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--', ...pathspecs], { signal });
  return stdout.split('\0').filter((path) => path.length > 0);
}

export async function copyIgnoredFiles(
  repoRoot: string,
  worktree: string,
  patterns: readonly string[],
  signal?: AbortSignal,
): Promise<CopyReport> {
  const root = await realpath(repoRoot);
  return copyFilesInto(root, worktree, await ignoredFilesMatching(root, patterns, signal), signal);
}

/**
 * Copies `paths` (relative to the repository) from the checkout into the worktree, with the same
 * care as `copy`: never through a link out of either, never over a file the worktree has.
 */
export async function copyFilesInto(repoRoot: string, worktree: string, paths: readonly string[], signal?: AbortSignal): Promise<CopyReport> {
  const report: CopyReport = { copied: [], skipped: [] };
  const root = await realpath(repoRoot);
  const target = await realpath(worktree);
  for (const path of paths) {
    signal?.throwIfAborted();
    const reason = await copyOne(root, target, path);
    if (reason === null) report.copied.push(path);
    else report.skipped.push({ path, reason });
  }
  return report;
}

/** Copies one file; returns why it was skipped, or null. */
async function copyOne(root: string, worktree: string, path: string): Promise<string | null> {
  const source = join(root, path);
  const destination = join(worktree, path);
  const stats = await lstat(source);
  if (!stats.isFile() && !stats.isSymbolicLink()) return 'not a regular file';
  // Checked before mkdir too: a symlinked folder in the worktree must not get folders made through it.
  const folder = dirname(destination);
  if (!isInside(worktree, await realpath(await nearestExisting(folder)))) return 'its folder in the worktree leads outside the worktree';
  await mkdir(folder, { recursive: true });
  if (!isInside(worktree, await realpath(folder))) return 'its folder in the worktree leads outside the worktree';
  if (stats.isSymbolicLink()) return copyLink(root, source, destination);
  try {
    await copyFile(source, destination, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'already in the worktree';
    throw error;
  }
  return null;
}

async function copyLink(root: string, source: string, destination: string): Promise<string | null> {
  const text = await readlink(source);
  // Recreated as is, an absolute link would point into the main checkout, not the worktree.
  if (isAbsolute(text)) return 'an absolute symlink (in the worktree it would point into your main checkout)';
  const real = await realpath(resolve(dirname(source), text)).catch(() => null);
  if (real === null) return 'a symlink to nothing';
  if (!isInside(root, real)) return 'a symlink that points outside the repository';
  try {
    await symlink(text, destination);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'already in the worktree';
    throw error;
  }
  return null;
}

async function nearestExisting(path: string): Promise<string> {
  let current = path;
  while (!(await exists(current))) current = dirname(current);
  return current;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
