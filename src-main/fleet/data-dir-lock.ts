/**
 * One fleet per data dir: `<dataDir>/fleet.lock` names the process that owns it. Two fleets on
 * one data dir would both drive its threads (two workers in one worktree, repeated sequence
 * numbers, a live thread marked interrupted by the other's start), so a second one refuses to
 * start and names the first. A lock whose process is gone, or whose pid now belongs to another
 * process (the start time differs), is taken over.
 */
import { linkSync, readFileSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '../terminal/process-group';

export interface LockHolder {
  pid: number;
  /** When the process started, from /proc (Linux); tells a reused pid apart. null elsewhere. */
  procStart: string | null;
  lockedAt: number;
}

/** A second fleet on a data dir in use. `serve` and `run` print it; the app shows it. */
export class DataDirLockedError extends Error {
  readonly code = 'data_dir_locked';

  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
    /** The URL of the holder when it is a `flotilla serve`, without its access token. */
    readonly url: string | null,
  ) {
    const serving = url ? `, serving ${url}` : '';
    super(
      `Another Flotilla is already using the data dir ${dataDir} (process ${holder.pid}${serving}). ` +
        'Stop it first, or give this one another data dir (FLOTILLA_HOME).',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): void;
}

/** Lock files held by fleets of this process: its own pid is live, so only this tells them apart. */
const heldHere = new Set<string>();

export function dataDirLockPath(dataDir: string): string {
  return join(dataDir, 'fleet.lock');
}

/** Takes the data dir's lock, or throws DataDirLockedError naming the fleet that holds it. */
export function lockDataDir(dataDir: string): DataDirLock {
  // One spelling per folder, so two fleets of this process on one data dir always meet.
  const path = dataDirLockPath(realpathSync(dataDir));
  const mine: LockHolder = { pid: process.pid, procStart: processStart(process.pid), lockedAt: Date.now() };
  const text = `${JSON.stringify(mine)}\n`;
  // A few rounds: each one either takes the lock, or removes a stale one and tries again.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (createWithContent(path, text)) {
      heldHere.add(path);
      return { release: () => release(path, text) };
    }
    const found = readLock(path);
    if (found === null) continue; // removed meanwhile
    if (found.holder && isLive(path, found.holder)) throw new DataDirLockedError(dataDir, found.holder, serverUrl(dataDir, found.holder.pid));
    removeIfUnchanged(path, found.text);
  }
  throw new Error(`Could not take the lock ${path}: it keeps changing. Is another Flotilla starting on this data dir?`);
}

/** Creates `path` holding `text`, all at once: a reader never sees it empty. False when it exists. */
function createWithContent(path: string, text: string): boolean {
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, text, { mode: 0o600 });
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

function readLock(path: string): { text: string; holder: LockHolder | null } | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number') return { text, holder: null };
    return { text, holder: { pid: parsed.pid, procStart: parsed.procStart ?? null, lockedAt: parsed.lockedAt ?? 0 } };
  } catch {
    // Unreadable: not something a live fleet wrote (it writes the file whole).
    return { text, holder: null };
  }
}

function isLive(path: string, holder: LockHolder): boolean {
  if (holder.pid === process.pid) return heldHere.has(path);
  if (!processAlive(holder.pid)) return false;
  const started = processStart(holder.pid);
  return holder.procStart === null || started === null || started === holder.procStart;
}

/** Field 22 of /proc/<pid>/stat: the process's start time since boot. null where there is no /proc. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Removes a stale lock only if it is still the one judged stale, not one a newer fleet just took. */
function removeIfUnchanged(path: string, staleText: string): void {
  const now = readLock(path);
  if (now?.text === staleText) unlinkSync(path);
}

function release(path: string, text: string): void {
  heldHere.delete(path);
  try {
    removeIfUnchanged(path, text);
  } catch {
    // Already gone: nothing of ours to remove.
  }
}

/**
 * The URL in `<dataDir>/server.json` (written by `flotilla serve`) when the lock's holder wrote
 * it; the access token is left out, since this message may end up in someone else's terminal.
 */
function serverUrl(dataDir: string, pid: number): string | null {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8')) as { url?: unknown; pid?: unknown };
    if (parsed.pid !== pid || typeof parsed.url !== 'string') return null;
    const url = new URL(parsed.url);
    url.search = '';
    return url.toString();
  } catch {
    return null;
  }
}
