/** Merge and discard flows that take more than one call, with the user's confirmations in between. */
import type { ApiError, FlotillaClient } from '../../src-shared/protocol/api';
import type { MergeReport } from '../../src-shared/protocol/api-review';
import { safeCall } from './safe-call';

export type Confirm = (question: string) => boolean;

/**
 * Discards a thread. Unmerged work is refused by the fleet with `unmerged_work`; the user is then
 * asked, and a yes discards with force (the fleet keeps the work under a recoverable ref).
 */
export async function discardThread(client: FlotillaClient, threadId: string, confirm: Confirm): Promise<ApiError | null> {
  if (!confirm('Discard this thread? Its worktree and branch are removed.')) return null;
  const first = await safeCall(client, 'thread.discard', { threadId });
  if (first.ok) return null;
  if (first.error.code !== 'unmerged_work') return first.error;
  if (!confirm(`${first.error.message}\n\nDiscard it anyway?`)) return null;
  const forced = await safeCall(client, 'thread.discard', { threadId, force: true });
  return forced.ok ? null : forced.error;
}

/** A discarded candidate, and the ref its work was kept under (null when it held nothing unmerged). */
export type Discarded = { threadId: string; keptRef: string | null };

export type PickOutcome =
  | { ok: true; report: MergeReport; discarded: Discarded[] }
  | { ok: false; error: ApiError; report: MergeReport | null; discarded: Discarded[] };

/**
 * Best-of-N "pick this one": merges the winner (squash), then force-discards the other threads.
 * Nothing is discarded unless the merge went through.
 */
export async function pickThread(client: FlotillaClient, winner: string, others: readonly string[]): Promise<PickOutcome> {
  const merged = await safeCall(client, 'merge.run', { threadIds: [winner], strategy: 'squash' });
  if (!merged.ok) return { ok: false, error: merged.error, report: null, discarded: [] };
  const report = merged.value;
  if (report.stopped) {
    const files = report.stopped.conflicts.join(', ');
    return { ok: false, report, discarded: [], error: { code: 'merge_conflict', message: `The merge conflicted in ${files}; nothing was discarded.` } };
  }
  const discarded: Discarded[] = [];
  for (const id of others) {
    const result = await safeCall(client, 'thread.discard', { threadId: id, force: true });
    if (!result.ok) return { ok: false, error: result.error, report, discarded };
    discarded.push({ threadId: id, keptRef: result.value.keptRef });
  }
  return { ok: true, report, discarded };
}
