/**
 * Threads stopped by Flotilla itself (it closed, or it crashed and restarted) rather than by the
 * user: `resume --all` takes these back up, and leaves alone what the user interrupted by hand.
 * The activity line recorded with the interruption is what tells them apart, in the log too.
 */
import type { ThreadSummary } from '../../../src-shared/domain/thread';

/** Recorded by ThreadHost.restore for a thread that was running when Flotilla stopped. */
export const RESTART_ACTIVITY = 'Interrupted: Flotilla stopped while this agent was working';

/** Recorded by ThreadHost.dispose for a thread still running when Flotilla closed. */
export const SHUTDOWN_ACTIVITY = 'Stopped: Flotilla closed';

/** The summary reducer's activity for a turn the worker ended on `shutdown` (Flotilla closing). */
const WORKER_SHUTDOWN_ACTIVITY = 'Stopped';

export function interruptedByFlotilla(summary: Pick<ThreadSummary, 'status' | 'activity'>): boolean {
  if (summary.status !== 'interrupted') return false;
  return summary.activity === RESTART_ACTIVITY || summary.activity === SHUTDOWN_ACTIVITY || summary.activity === WORKER_SHUTDOWN_ACTIVITY;
}
