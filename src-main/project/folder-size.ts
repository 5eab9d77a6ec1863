/**
 * A worktree's size on disk, for the thread's card: its files' allocated blocks, summed by a walk
 * that never follows a symlink and never enters `.git` (in a worktree a file pointing at the
 * repository's shared objects, which are not the worktree's to count). A few directories are
 * read at a time and the walk yields between them, so measuring a 20,000-file worktree costs the
 * event loop nothing noticeable.
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const PARALLEL_DIRS = 4;

/** Bytes on disk under `root` (a file's blocks where the file system reports them, else its size). */
export async function folderBytes(root: string, signal?: AbortSignal): Promise<number> {
  let total = 0;
  const pending = [root];
  const visit = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // removed meanwhile, or unreadable: it counts nothing
    }
    for (const entry of entries) {
      if (dir === root && entry.name === '.git') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile() || entry.isSymbolicLink()) total += await sizeOf(path);
    }
  };
  while (pending.length > 0) {
    signal?.throwIfAborted();
    await Promise.all(pending.splice(0, PARALLEL_DIRS).map(visit));
  }
  return total;
}

async function sizeOf(path: string): Promise<number> {
  try {
    const stats = await lstat(path);
    return stats.blocks > 0 ? stats.blocks * 512 : stats.size;
  } catch {
    return 0;
  }
}
