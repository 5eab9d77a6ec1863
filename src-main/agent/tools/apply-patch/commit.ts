/**
 * Writes a plan to disk all-or-nothing, as far as a filesystem allows: every new file is first
 * written beside its target as a temp file, then the temps are renamed into place and deletions
 * made. If any step fails, what was already renamed or deleted is put back from the originals the
 * plan holds, and temps and created directories are removed.
 */
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import type { PatchPlan, PlannedWrite } from './plan';

/** The filesystem calls a commit makes; a seam so tests can make one fail midway. */
export interface CommitFs {
  mkdir(dir: string): Promise<string | undefined>;
  writeFile(file: string, data: string | Buffer): Promise<void>;
  chmod(file: string, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  rmdir(dir: string): Promise<void>;
  symlink(target: string, file: string): Promise<void>;
}

export const NODE_COMMIT_FS: CommitFs = {
  mkdir: (dir) => fsp.mkdir(dir, { recursive: true }),
  writeFile: (file, data) => fsp.writeFile(file, data),
  chmod: (file, mode) => fsp.chmod(file, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (file) => fsp.unlink(file),
  rmdir: (dir) => fsp.rmdir(dir),
  symlink: (target, file) => fsp.symlink(target, file),
};

export type CommitResult = { ok: true } | { ok: false; error: string };

/** Starts the part of an error that says a failed commit could not be fully undone. */
export const NOT_RESTORED = 'Could not restore:';

interface Staged {
  write: PlannedWrite;
  /** The temp file holding the new contents; null for a deletion. */
  temp: string | null;
}

export async function commitPlan(plan: PatchPlan, io: CommitFs = NODE_COMMIT_FS): Promise<CommitResult> {
  const staged: Staged[] = [];
  const createdDirs: string[] = [];
  const undo = async (done: PlannedWrite[]) => {
    const unrestored = await restore(done, io);
    await removeLeftovers(staged, createdDirs, io);
    return unrestored.length === 0 ? '' : `\n${NOT_RESTORED} ${unrestored.join(', ')}; check them by hand.`;
  };
  try {
    for (const write of plan.writes) await stage(write, staged, createdDirs, io);
  } catch {
    // Codex's wording, which names the file but not the cause.
    const failed = staged[staged.length - 1]?.write.label ?? 'a file';
    return { ok: false, error: `Failed to write file ${failed}${await undo([])}` };
  }
  const done: PlannedWrite[] = [];
  for (const { write, temp } of staged) {
    try {
      if (temp === null) await io.unlink(write.path);
      else await io.rename(temp, write.path);
      done.push(write);
    } catch {
      const verb = temp === null ? 'delete' : 'write';
      return { ok: false, error: `Failed to ${verb} file ${write.label}${await undo(done)}` };
    }
  }
  return { ok: true };
}

async function stage(write: PlannedWrite, staged: Staged[], createdDirs: string[], io: CommitFs): Promise<void> {
  if (write.contents === null) {
    staged.push({ write, temp: null });
    return;
  }
  const dir = path.dirname(write.path);
  // Not pushed before mkdir: a failed mkdir must still name this file in the error.
  staged.push({ write, temp: null });
  const made = await io.mkdir(dir);
  if (made !== undefined) createdDirs.push(...dirsBetween(made, dir));
  const temp = path.join(dir, `.${path.basename(write.path)}.${randomBytes(6).toString('hex')}.flotilla-tmp`);
  staged[staged.length - 1] = { write, temp };
  await io.writeFile(temp, write.contents);
  if (write.original?.type === 'file') await io.chmod(temp, write.original.mode);
}

/** `top` and every directory below it down to `bottom`: what one recursive mkdir created. */
function dirsBetween(top: string, bottom: string): string[] {
  const dirs: string[] = [];
  for (let dir = bottom; dir.length >= top.length; dir = path.dirname(dir)) {
    dirs.push(dir);
    if (dir === top || dir === path.dirname(dir)) break;
  }
  return dirs;
}

/** Puts back what was already changed, newest first. Returns the labels it could not restore. */
async function restore(done: PlannedWrite[], io: CommitFs): Promise<string[]> {
  const failed: string[] = [];
  for (const write of done.slice().reverse()) {
    try {
      await restoreOne(write, io);
    } catch {
      failed.push(write.label);
    }
  }
  return failed;
}

async function restoreOne({ path: target, original }: PlannedWrite, io: CommitFs): Promise<void> {
  if (original === null) return io.unlink(target);
  if (original.type === 'symlink') {
    await io.unlink(target).catch(() => undefined);
    return io.symlink(original.target, target);
  }
  await io.writeFile(target, original.data);
  await io.chmod(target, original.mode);
}

async function removeLeftovers(staged: Staged[], createdDirs: string[], io: CommitFs): Promise<void> {
  for (const { temp } of staged) {
    if (temp !== null) await io.unlink(temp).catch(() => undefined);
  }
  // Deepest first; a directory that still holds something stays.
  for (const dir of createdDirs.slice().sort((a, b) => b.length - a.length)) {
    await io.rmdir(dir).catch(() => undefined);
  }
}
