/**
 * The foreground process group of a pty: the job the shell handed the terminal to. Interactive
 * bash runs each command (our subshell) as its own job, so signalling this group reaches the
 * command and its children and never the shell.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** tpgid of `pid`'s controlling terminal, or null when it cannot be read (process gone). */
export function terminalForegroundGroup(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may itself contain spaces or parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return positive(Number(fields[5]));
  } catch {
    return foregroundGroupFromPs(pid);
  }
}

/** Where there is no /proc (macOS). */
function foregroundGroupFromPs(pid: number): number | null {
  if (process.platform === 'linux') return null;
  try {
    const out = execFileSync('ps', ['-o', 'tpgid=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 });
    return positive(Number(out.trim()));
  } catch {
    return null;
  }
}

function positive(value: number): number | null {
  return Number.isInteger(value) && value > 0 ? value : null;
}

/** Sends `signal` to a whole process group; false when the group is already gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Whether a process exists: signal 0 checks without signalling; EPERM means it is someone else's. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
