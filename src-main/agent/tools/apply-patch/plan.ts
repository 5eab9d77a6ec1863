/**
 * Computes every file's new contents in memory before anything is written. Operations run in
 * order against a virtual view of the worktree, so a patch that adds a file and then updates it
 * behaves as Codex's one-by-one application does, yet a failure anywhere leaves the disk untouched.
 */
import { lstat, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import type { PatchOp } from './parse';
import { errorText, realRoot, resolveInside } from './paths';
import { rustUtf8Error } from './rust-utf8';
import { applyChunks } from './update-file';

export interface AppliedChange {
  path: string;
  kind: 'add' | 'delete' | 'update';
  movePath: string | null;
  additions: number;
  deletions: number;
}

/** What a path held before the patch, so a failed commit can put it back. */
export type Original = { type: 'file'; data: Buffer; mode: number } | { type: 'symlink'; target: string } | null;

export interface PlannedWrite {
  /** Absolute real path. */
  path: string;
  /** The path as Codex names it in messages: the patch's path joined to the working directory. */
  label: string;
  /** The new contents, or null to delete. */
  contents: string | null;
  original: Original;
}

export interface PatchPlan {
  writes: PlannedWrite[];
  changes: AppliedChange[];
}

export type PlanResult = { ok: true; plan: PatchPlan } | { ok: false; error: string };

type Entry =
  | { type: 'missing' }
  | { type: 'dir' }
  | { type: 'symlink' }
  | { type: 'file'; text: string; notUtf8?: undefined }
  | { type: 'file'; text: null; notUtf8: string }; // notUtf8: Rust's Utf8Error message

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

class PlanError extends Error {}

export async function planPatch(root: string, ops: readonly PatchOp[]): Promise<PlanResult> {
  if (ops.length === 0) return { ok: false, error: 'No files were modified.' };
  const base = await realRoot(root);
  if (!base.ok) return base;
  const view = new VirtualTree(base.path, root);
  const changes: AppliedChange[] = [];
  try {
    for (const op of ops) changes.push(await planOp(view, op));
  } catch (err) {
    if (err instanceof PlanError) return { ok: false, error: err.message };
    throw err;
  }
  return { ok: true, plan: { writes: view.writes(), changes } };
}

async function planOp(view: VirtualTree, op: PatchOp): Promise<AppliedChange> {
  switch (op.kind) {
    case 'add': {
      const target = await view.resolve(op.path, true);
      const before = await view.read(target);
      if (before.type === 'dir') throw new PlanError(`Failed to write file ${view.shown(op.path)}`);
      await view.write(target, op.contents, op.path);
      // Codex overwrites an existing file; count what the overwrite removes.
      return { ...describeOp(op), deletions: textLines(before) };
    }
    case 'delete': {
      const target = await view.resolve(op.path, false);
      const before = await view.read(target);
      if (before.type === 'missing' || before.type === 'dir') throw new PlanError(`Failed to delete file ${view.shown(op.path)}`);
      await view.write(target, null, op.path);
      return { ...describeOp(op), deletions: textLines(before) };
    }
    case 'update':
      return planUpdate(view, op);
  }
}

async function planUpdate(view: VirtualTree, op: Extract<PatchOp, { kind: 'update' }>): Promise<AppliedChange> {
  const source = await view.resolve(op.path, true);
  const before = await view.read(source);
  const failRead = (why: string) => new PlanError(`Failed to read file to update ${view.shown(op.path)}: ${why}`);
  if (before.type === 'dir') throw failRead(`path \`${view.shown(op.path)}\` is not a file`);
  // A symlink here is dangling: a live one was resolved to its target.
  if (before.type !== 'file') throw failRead('No such file or directory (os error 2)');
  if (before.text === null) throw failRead(before.notUtf8);
  const updated = applyChunks(before.text, op.chunks, view.shown(op.path));
  if (!updated.ok) throw new PlanError(updated.error);
  const dest = op.movePath === null ? source : await view.resolve(op.movePath, true);
  if (dest !== source && (await view.read(dest)).type === 'dir') {
    throw new PlanError(`Failed to write file ${view.shown(op.movePath ?? op.path)}`);
  }
  await view.write(dest, updated.contents, op.movePath ?? op.path);
  if (dest !== source) await view.write(source, null, op.path);
  return describeOp(op);
}

/** The change an operation makes as far as the patch alone tells (a deleted file's size is unknown). */
export function describeOp(op: PatchOp): AppliedChange {
  switch (op.kind) {
    case 'add':
      return { path: op.path, kind: 'add', movePath: null, additions: countLines(op.contents), deletions: 0 };
    case 'delete':
      return { path: op.path, kind: 'delete', movePath: null, additions: 0, deletions: 0 };
    case 'update': {
      const additions = op.chunks.reduce((sum, chunk) => sum + chunk.additions, 0);
      const deletions = op.chunks.reduce((sum, chunk) => sum + chunk.deletions, 0);
      return { path: op.path, kind: 'update', movePath: op.movePath, additions, deletions };
    }
  }
}

function textLines(entry: Entry): number {
  return entry.type === 'file' && entry.text !== null ? countLines(entry.text) : 0;
}

export function countLines(text: string): number {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}

/** The worktree as the patch has changed it so far; the disk is only read. */
class VirtualTree {
  private readonly current = new Map<string, { contents: string | null; label: string }>();
  private readonly originals = new Map<string, Original>();

  constructor(
    private readonly root: string,
    private readonly cwd: string,
  ) {}

  /** A path as Codex names it in messages: joined to the working directory. */
  shown(relative: string): string {
    return path.resolve(this.cwd, relative);
  }

  async resolve(relative: string, followLast: boolean): Promise<string> {
    const resolved = await resolveInside(this.root, relative, { followLast });
    if (!resolved.ok) throw new PlanError(resolved.error);
    return resolved.path;
  }

  async read(target: string): Promise<Entry> {
    const pending = this.current.get(target);
    if (pending?.contents === null) return { type: 'missing' };
    if (pending !== undefined) return { type: 'file', text: pending.contents };
    const stats = await lstat(target).catch(() => null);
    if (stats === null) return { type: 'missing' };
    if (stats.isDirectory()) return { type: 'dir' };
    if (stats.isSymbolicLink()) return { type: 'symlink' };
    return decode(await this.readOriginal(target));
  }

  async write(target: string, contents: string | null, label: string): Promise<void> {
    if (!this.originals.has(target)) this.originals.set(target, await snapshot(target));
    this.current.set(target, { contents, label: this.shown(label) });
  }

  writes(): PlannedWrite[] {
    const out: PlannedWrite[] = [];
    for (const [target, { contents, label }] of this.current) {
      const original = this.originals.get(target) ?? null;
      // Created and deleted within the same patch: nothing to do on disk.
      if (contents === null && original === null) continue;
      out.push({ path: target, label, contents, original });
    }
    return out;
  }

  private async readOriginal(target: string): Promise<Buffer> {
    try {
      return await readFile(target);
    } catch (err) {
      throw new PlanError(`Failed to read ${target}: ${errorText(err)}`);
    }
  }
}

async function snapshot(target: string): Promise<Original> {
  const stats = await lstat(target).catch(() => null);
  if (stats === null) return null;
  if (stats.isSymbolicLink()) return { type: 'symlink', target: await readlink(target) };
  return { type: 'file', data: await readFile(target), mode: stats.mode & 0o7777 };
}

function decode(data: Buffer): Entry {
  try {
    return { type: 'file', text: UTF8.decode(data) };
  } catch {
    return { type: 'file', text: null, notUtf8: rustUtf8Error(data) ?? 'stream did not contain valid UTF-8' };
  }
}
