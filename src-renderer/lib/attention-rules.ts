/**
 * When a thread needs its user, decided from its summaries alone (they reach every client, for
 * every thread, whether or not its transcript is loaded):
 * - finished / failed: the status became done / failed (an interrupt is the user's own doing);
 * - approval: a new approval request is pending;
 * - stuck: a running thread (starting, working; not paused or waiting on the user) whose log has
 *   not grown (lastSeq unchanged: no delta, no item, no status) for the stuck threshold. A command
 *   that prints nothing for that long counts too: the user should look either way.
 */
import type { ThreadSummary } from '../../src-shared/domain/thread';
import type { AttentionKind } from '../stores/notify-settings-store';

/** The attention a summary change raises, if any. A thread seen for the first time raises none. */
export function attentionOf(prev: ThreadSummary | undefined, next: ThreadSummary): AttentionKind | null {
  if (!prev) return null;
  if (next.status === 'done' && prev.status !== 'done') return 'finished';
  if (next.status === 'failed' && prev.status !== 'failed') return 'failed';
  const request = next.pendingApproval?.requestId;
  if (request && request !== prev.pendingApproval?.requestId) return 'approval';
  return null;
}

/** The attention a change settles: an approval answered, or progress after a stall. */
export function settledKinds(prev: ThreadSummary | undefined, next: ThreadSummary): AttentionKind[] {
  if (!prev) return [];
  const settled: AttentionKind[] = [];
  if (prev.pendingApproval && !next.pendingApproval) settled.push('approval');
  if (next.lastSeq > prev.lastSeq) settled.push('stuck');
  return settled;
}

export function canStall(status: ThreadSummary['status']): boolean {
  return status === 'starting' || status === 'working';
}

export interface Progress {
  lastSeq: number;
  /** Client clock time when lastSeq last moved (or the thread was first seen). */
  since: number;
  /** Already reported for this stall, so it is reported once. */
  reported: boolean;
}

/** Threads that have just become stuck at `now`; marks them reported in `progress`. */
export function newlyStuck(
  threads: readonly ThreadSummary[],
  progress: Map<string, Progress>,
  now: number,
  stuckMs: number,
): ThreadSummary[] {
  const stuck: ThreadSummary[] = [];
  for (const thread of threads) {
    const p = progress.get(thread.id);
    if (!p || p.reported || !canStall(thread.status) || now - p.since < stuckMs) continue;
    p.reported = true;
    stuck.push(thread);
  }
  return stuck;
}

/** Records each thread's progress: a moved lastSeq restarts its stall clock. */
export function trackProgress(threads: readonly ThreadSummary[], progress: Map<string, Progress>, now: number): void {
  for (const thread of threads) {
    const p = progress.get(thread.id);
    if (!p) progress.set(thread.id, { lastSeq: thread.lastSeq, since: now, reported: false });
    else if (thread.lastSeq !== p.lastSeq || !canStall(thread.status)) {
      // A pause or a wait on the user is not a stall: the clock starts again when it runs.
      progress.set(thread.id, { lastSeq: thread.lastSeq, since: now, reported: thread.lastSeq === p.lastSeq && p.reported });
    }
  }
}

/** One line for the inbox and the notification body. */
export function attentionDetail(kind: AttentionKind, thread: ThreadSummary, stuckMinutes: number): string {
  switch (kind) {
    case 'finished':
      return thread.diffStat ? `Finished · ${thread.diffStat.files} file${thread.diffStat.files === 1 ? '' : 's'} changed` : 'Finished';
    case 'failed':
      return thread.error ? `Failed: ${thread.error}` : 'Failed';
    case 'approval':
      return `Needs approval: ${thread.pendingApproval?.reason.split('\n')[0] ?? ''}`.trim();
    case 'stuck':
      return `No progress for ${stuckMinutes} min: ${thread.activity || thread.status}`;
  }
}
