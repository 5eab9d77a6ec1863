/** Which controls a thread offers in each status; the fleet checks again and answers invalid_state. */
import type { ThreadStatus, ThreadSummary } from '../../src-shared/domain/thread';

export function canPause(status: ThreadStatus): boolean {
  return status === 'starting' || status === 'working' || status === 'waiting';
}

/** A paused thread continues; an interrupted or failed one continues with its history. */
export function canResume(status: ThreadStatus): boolean {
  return status === 'paused' || status === 'interrupted' || status === 'failed';
}

/** Interrupting a thread still setting up cancels the making of its worktree. */
export function canInterrupt(status: ThreadStatus): boolean {
  return hasOpenTurn(status) || status === 'setting_up';
}

/** While a turn is open (even paused) a message steers it or waits in the queue; otherwise it starts a turn. */
export function hasOpenTurn(status: ThreadStatus): boolean {
  return canPause(status) || status === 'paused';
}

/** What the dashboard's Pause all / Resume all would touch. */
export function bulkControlCounts(threads: readonly ThreadSummary[]): { pausable: number; paused: number } {
  let pausable = 0;
  let paused = 0;
  for (const t of threads) {
    if (canPause(t.status)) pausable++;
    if (t.status === 'paused') paused++;
  }
  return { pausable, paused };
}
