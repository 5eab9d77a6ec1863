/**
 * Pause for a Codex thread: stop `codex app-server` and every process under it (the command it is
 * running, that command's children), continue them on resume. Codex's commands do not run in
 * Flotilla's shell, so there is no process group to signal: the tree is found through parent ids.
 * Stopping the app-server as well holds its model stream, so no token is spent while paused; it
 * answers JSON-RPC again once continued (what we write meanwhile waits in the pipe).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

type TreeSignal = 'SIGSTOP' | 'SIGCONT';

/** The root first, then its descendants, parents before children. */
export function processTree(root: number): number[] {
  const parents = parentMap();
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) {
    for (const [pid, ppid] of parents) if (ppid === tree[i] && !tree.includes(pid)) tree.push(pid);
  }
  return tree;
}

/**
 * Signals the tree. Stopping goes root first (so it forks nothing new) and looks twice, for a
 * child forked between the listing and the signal; continuing goes children first.
 */
export function signalProcessTree(root: number, signal: TreeSignal): void {
  if (signal === 'SIGCONT') {
    for (const pid of processTree(root).reverse()) send(pid, signal);
    return;
  }
  const stopped = new Set<number>();
  for (let pass = 0; pass < 2; pass += 1) {
    for (const pid of processTree(root)) {
      if (stopped.has(pid)) continue;
      send(pid, signal);
      stopped.add(pid);
    }
  }
}

/** One process's state letter from /proc ('T' = stopped), or null (gone, or no /proc). */
export function processState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

/** pid -> parent pid, from /proc on Linux, else from `ps`. */
function parentMap(): Map<number, number> {
  const map = new Map<number, number>();
  let entries: string[] | null = null;
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    entries = null;
  }
  if (entries) {
    for (const entry of entries) {
      const ppid = readParent(Number(entry));
      if (ppid !== null) map.set(Number(entry), ppid);
    }
    return map;
  }
  const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  for (const line of out.split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (pid && ppid !== undefined && !Number.isNaN(ppid)) map.set(pid, ppid);
  }
  return map;
}

function readParent(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may itself contain spaces or parentheses.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function send(pid: number, signal: TreeSignal): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone between listing and signalling: nothing to stop or continue.
  }
}
