/**
 * Reading and moving refs, several in one git process: `cat-file --batch-check` answers every
 * revision with a line (an object id, or "<rev> missing"), and `update-ref --stdin` applies a
 * transaction all or nothing.
 */
import { runGit } from './git';

const OBJECT_ID = /^([0-9a-f]{40}|[0-9a-f]{64})$/;

/** The object id of each revision, or null for one that names no object (git prints "<rev> missing"). */
export async function resolveRevs(cwd: string, revs: readonly string[], signal?: AbortSignal): Promise<(string | null)[]> {
  if (revs.length === 0) return [];
  const bad = revs.find((rev) => rev.length === 0 || /[\n\r\0]/.test(rev));
  if (bad !== undefined) throw new Error(`Not a revision: ${JSON.stringify(bad)}.`);
  const { stdout } = await runGit(cwd, ['cat-file', '--batch-check=%(objectname)'], { signal, input: revs.map((rev) => `${rev}\n`).join('') });
  const lines = stdout.split('\n');
  return revs.map((_, i) => {
    const line = lines[i] ?? '';
    return OBJECT_ID.test(line) ? line : null;
  });
}

export async function revParse(cwd: string, rev: string, signal?: AbortSignal): Promise<string | null> {
  return (await resolveRevs(cwd, [rev], signal))[0] ?? null;
}

export interface RefUpdate {
  /** For the reflog. */
  message: string;
  /**
   * undefined: move the ref whatever it points at; a commit: only if it still points there
   * (another writer in between makes the update fail); null: only if the ref does not exist yet.
   */
  expected?: string | null;
}

/** Points `ref` at `value` atomically, as `git update-ref` does. */
export async function updateRef(cwd: string, ref: string, value: string, update: RefUpdate): Promise<void> {
  const command = update.expected === null ? `create ${ref} ${value}` : `update ${ref} ${value}${update.expected ? ` ${update.expected}` : ''}`;
  await writeRefs(cwd, update.message, [command]);
}

export async function deleteRef(cwd: string, ref: string, message: string): Promise<void> {
  await writeRefs(cwd, message, [`delete ${ref}`]);
}

async function writeRefs(cwd: string, message: string, commands: string[]): Promise<void> {
  if (commands.some((c) => /[\n\r\0]/.test(c))) throw new Error(`Not a ref update: ${JSON.stringify(commands)}.`);
  const input = ['start', ...commands, 'commit', ''].join('\n');
  await runGit(cwd, ['update-ref', '-m', message, '--stdin'], { input });
}
