/**
 * Matrix cells that need no `git merge-tree`, proven from what the check already knows. Threads of
 * one task start from one commit and their agents never commit, so each snapshot is a commit whose
 * only parent is that fork commit:
 * - against a base that is still the fork commit, the snapshot descends from the base: clean;
 * - two snapshots of one fork have the fork as their one merge base. When their changed paths
 *   neither meet nor nest (a file on one side where the other has a folder), and neither side
 *   touches a folder the other removed, git merges them without looking at any file: clean.
 *   (Every rename conflict but one involves a path both sides changed: the old name, the new one.
 *   The exception is a directory rename, where one side removes a folder and files the other side
 *   adds there move along: hence the removed folders.)
 * Anything else goes to merge-tree. One `git diff-tree --stdin` lists every snapshot's changes.
 */
import { runGit } from './git';
import { resolveRevs } from './refs';

export interface ForkedSnapshot {
  /** The snapshot's only parent: the thread's HEAD. */
  fork: string;
  forkTree: string;
  tree: string;
}

export interface Changes {
  paths: Set<string>;
  /** Folders (at any depth) that are gone on this side, as after a directory rename. */
  removedFrom: Set<string>;
}

const HEADER = /^([0-9a-f]{40,64}) ([0-9a-f]{40,64})\n/;

/** The changes of each snapshot against its fork, keyed `<forkTree> <tree>`. */
export async function snapshotChanges(repo: string, snapshots: ForkedSnapshot[], signal?: AbortSignal): Promise<Map<string, Changes>> {
  const changes = new Map<string, Changes>();
  const pairs = [...new Set(snapshots.map((s) => `${s.forkTree} ${s.tree}`))];
  for (const pair of pairs) changes.set(pair, { paths: new Set(), removedFrom: new Set() });
  if (pairs.length === 0) return changes;
  const args = ['diff-tree', '--stdin', '-r', '-z', '--name-status', '--no-renames', '--no-ext-diff'];
  const { stdout } = await runGit(repo, args, { signal, input: pairs.map((p) => `${p}\n`).join('') });
  let current: Changes | undefined;
  const fields = stdout.split('\0');
  for (let i = 0; i < fields.length; i += 1) {
    let field = fields[i]!;
    // Each input line's output starts with the line itself ("<tree> <tree>\n"), before its first status.
    for (let header = HEADER.exec(field); header; header = HEADER.exec(field)) {
      current = changes.get(`${header[1]} ${header[2]}`);
      field = field.slice(header[0].length);
    }
    if (field.length === 0 || !current) continue;
    const path = fields[(i += 1)] ?? '';
    current.paths.add(path);
    // Anything but an addition or a modification could be half of a rename.
    if (field !== 'A' && field !== 'M') for (const folder of foldersOf(path)) current.removedFrom.add(folder);
  }
  await keepOnlyRemovedFolders(repo, changes, signal);
  return changes;
}

/** A folder files were deleted from that still exists on that side was not renamed away. */
async function keepOnlyRemovedFolders(repo: string, changes: Map<string, Changes>, signal?: AbortSignal): Promise<void> {
  const asked: { changes: Changes; folder: string; rev: string }[] = [];
  for (const [pair, side] of changes) {
    const tree = pair.split(' ')[1]!;
    // A name cat-file cannot be asked about stays counted as removed: the cautious answer.
    for (const folder of side.removedFrom) if (!/[\n\r\0]/.test(folder)) asked.push({ changes: side, folder, rev: `${tree}:${folder}` });
  }
  const found = await resolveRevs(repo, asked.map((a) => a.rev), signal);
  asked.forEach((a, i) => {
    if (found[i]) a.changes.removedFrom.delete(a.folder);
  });
}

/** "a/b/c.txt" -> "a", "a/b". */
function foldersOf(path: string): string[] {
  const found: string[] = [];
  for (let at = path.indexOf('/'); at !== -1; at = path.indexOf('/', at + 1)) found.push(path.slice(0, at));
  return found;
}

function meets(a: Changes, b: Changes): boolean {
  for (const path of b.paths) {
    if (a.paths.has(path)) return true;
    if (foldersOf(path).some((folder) => a.paths.has(folder) || a.removedFrom.has(folder))) return true;
  }
  return false;
}

/** Two sides of one fork that git merges cleanly whatever their files hold. */
export function surelyClean(a: Changes, b: Changes): boolean {
  return !meets(a, b) && !meets(b, a);
}
