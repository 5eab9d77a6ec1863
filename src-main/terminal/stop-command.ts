/**
 * Stopping a command on abort: Ctrl-C first, as a user would, then SIGKILL to its process group
 * if it is still there after a grace period.
 */
import type { Execution } from './execution';
import type { ShellSession } from './shell-session';
import { signalGroup } from './process-group';
import { waitFor } from './wait';

export interface StopTimings {
  /** How long a typed command may take to start before we interrupt it anyway. */
  startWaitMs: number;
  /** Ctrl-C is repeated this often during the grace period. */
  repeatMs: number;
  graceMs: number;
  killWaitMs: number;
}

export const DEFAULT_STOP_TIMINGS: StopTimings = { startWaitMs: 2000, repeatMs: 250, graceMs: 1500, killWaitMs: 3000 };

/** True when the command has ended; false means the session no longer answers. */
export async function stopCommand(
  session: ShellSession,
  execution: Execution,
  timings: StopTimings = DEFAULT_STOP_TIMINGS,
): Promise<boolean> {
  if (session.cancel(execution)) return true;
  // A Ctrl-C before the typed line is parsed would only discard the line, and its end marker
  // would then never come.
  await waitFor(execution.begun, timings.startWaitMs);
  if (await interruptRepeatedly(session, execution, timings)) return true;
  const group = session.foregroundGroup();
  if (group !== null) signalGroup(group, 'SIGKILL');
  return (await waitFor(execution.done, timings.killWaitMs)) === 'settled';
}

/**
 * One Ctrl-C can be lost: a shell that gets SIGINT just before it forks a child only notes it,
 * and the child, forked a moment later, never sees it. A user presses Ctrl-C again; so do we.
 */
async function interruptRepeatedly(session: ShellSession, execution: Execution, timings: StopTimings) {
  const deadline = Date.now() + timings.graceMs;
  while (!execution.finished && Date.now() < deadline) {
    session.write('\x03');
    const wait = Math.min(timings.repeatMs, Math.max(0, deadline - Date.now()));
    if ((await waitFor(execution.done, wait)) === 'settled') return true;
  }
  return execution.finished;
}
