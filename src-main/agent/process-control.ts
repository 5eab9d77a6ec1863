/**
 * Stopping and continuing a running command's process group for pause / resume.
 *
 * The agent's commands run as jobs of an interactive bash, each in a subshell that leads its own
 * process group. Stopping that subshell makes bash report the job "Stopped" (exit code 147) and
 * take the terminal back, which would end the command as far as the agent knows. So on Linux we
 * stop the subshell's descendants but not the subshell itself: it sits blocked in wait() either
 * way, and bash never notices. Elsewhere (no /proc) the whole group is stopped. Stopping twice
 * is harmless, so the agent repeats it while paused to catch processes forked meanwhile.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface ProcessInfo {
  pid: number;
  pgid: number;
  comm: string;
}

const SHELLS = new Set(['bash', 'sh', 'dash', 'zsh', 'fish', 'ksh']);

export type GroupSignal = 'SIGSTOP' | 'SIGCONT';

export function signalCommandGroup(pgid: number, signal: GroupSignal): void {
  if (signal === 'SIGCONT') return send(-pgid, signal);
  const members = groupMembers(pgid);
  if (members === null) return send(-pgid, signal);
  const stopped = new Set<number>();
  // A member may fork between the listing and the signal; a second look catches the child.
  for (let pass = 0; pass < 3; pass += 1) {
    const targets = stopTargets(pgid, pass === 0 ? members : (groupMembers(pgid) ?? [])).filter((p) => !stopped.has(p));
    if (targets.length === 0) return;
    for (const pid of targets) {
      send(pid, signal);
      stopped.add(pid);
    }
  }
}

/**
 * Everyone in the group but a shell leader: it only waits for its children (a subshell that runs
 * a pure-builtin loop is the one thing this cannot pause). Children it forks later are caught by
 * the agent re-applying the stop while paused.
 */
function stopTargets(pgid: number, members: readonly ProcessInfo[]): number[] {
  return members.filter((p) => !(p.pid === pgid && SHELLS.has(p.comm))).map((p) => p.pid);
}

/** Members of a process group from /proc, or null where there is no /proc. */
export function groupMembers(pgid: number): ProcessInfo[] | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const members: ProcessInfo[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readStat(Number(entry));
    if (info?.pgid === pgid) members.push(info);
  }
  return members;
}

function readStat(pid: number): ProcessInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may itself contain spaces or parentheses.
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return { pid, comm: stat.slice(open + 1, close), pgid: Number(fields[2]) };
  } catch {
    return null;
  }
}

function send(target: number, signal: GroupSignal): void {
  try {
    process.kill(target, signal);
  } catch {
    // Gone between listing and signalling: nothing left to stop or continue.
  }
}
