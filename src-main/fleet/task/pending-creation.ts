/**
 * `<dataDir>/pending/<taskId>.json`: what task.run is about to create (the repository, each
 * worktree's path and branch), written before the first worktree and removed once every thread's
 * log exists. A creation cut short (a kill, a second Ctrl-C) leaves it behind, so the next fleet
 * knows which worktrees and branches have no thread and cleans them up (interrupted-creation.ts).
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const PendingCreationSchema = z.object({
  taskId: z.string().min(1),
  repoPath: z.string().min(1),
  /** The commit every branch starts from: a branch still there means no work when it has not moved. */
  baseCommit: z.string().min(1),
  worktrees: z.array(z.object({ threadId: z.string().min(1), branch: z.string().min(1), path: z.string().min(1) })),
});
export type PendingCreation = z.infer<typeof PendingCreationSchema>;

export function pendingDir(dataDir: string): string {
  return join(dataDir, 'pending');
}

function pendingPath(dataDir: string, taskId: string): string {
  return join(pendingDir(dataDir), `${taskId}.json`);
}

/** Written whole (temp file, then rename) and synchronously: it must be on disk before any git work. */
export function recordPendingCreation(dataDir: string, pending: PendingCreation): void {
  mkdirSync(pendingDir(dataDir), { recursive: true, mode: 0o700 });
  const path = pendingPath(dataDir, pending.taskId);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(pending, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

export function clearPendingCreation(dataDir: string, taskId: string): void {
  rmSync(pendingPath(dataDir, taskId), { force: true });
}

export interface FoundPending {
  path: string;
  /** null when the file cannot be read as a pending creation. */
  pending: PendingCreation | null;
}

export async function listPendingCreations(dataDir: string): Promise<FoundPending[]> {
  let names: string[];
  try {
    names = (await readdir(pendingDir(dataDir))).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return Promise.all(
    names.map(async (name) => {
      const path = join(pendingDir(dataDir), name);
      try {
        const parsed = PendingCreationSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
        return { path, pending: parsed.success ? parsed.data : null };
      } catch {
        return { path, pending: null };
      }
    }),
  );
}
