/**
 * Handlers for merging threads: the conflict matrix, the merge train, handing a conflict to the
 * thread's agent, and discarding a thread. The fleet makes every commit; agents never do.
 */
import { existsSync } from 'node:fs';
import { fail, ok, type Result } from '../../../src-shared/protocol/api';
import type { MergeReport, MergeStrategy } from '../../../src-shared/protocol/api-review';
import type { DiffStat } from '../../../src-shared/domain/thread';
import { discardThreadWork } from '../../git/discard';
import { KeyedLock } from '../../git/keyed-lock';
import { BaseCheckoutError } from '../../git/merge';
import { checkThreads } from '../../git/merge-check';
import { mergeBaseIntoWorktree, resolveTaskMessage } from '../../git/merge-resolve';
import { baseCheckoutProblem, commitThreadWork, filesWithMarkers, runTrain } from '../../git/merge-train';
import type { CommandHandlers } from './api-handler';
import { idleWithWorktree, lookupThread } from './review-commands';
import type { ThreadHost } from '../thread';
import type { ThreadRegistry } from '../thread';

type MergeCommand = 'merge.check' | 'merge.run' | 'merge.resolve' | 'thread.discard';

/** One merge or discard at a time per repository: they all move its refs. */
const repoLock = new KeyedLock();

/** The commit message for a thread's work: its task, then the agent's own summary. */
export function workMessage(host: ThreadHost): string {
  const { prompt, id, branch } = host.summary;
  const [title = 'Agent work', ...rest] = prompt.trim().split('\n');
  const body = [rest.join('\n').trim(), host.lastTurnSummary()?.trim() ?? ''].filter((part) => part.length > 0);
  return [title.length > 72 ? `${title.slice(0, 71)}…` : title, ...body, `Flotilla thread ${id} (${branch})`].join('\n\n');
}

/** The chosen threads, all on one repository and base branch, none discarded. */
function chooseThreads(registry: ThreadRegistry, threadIds: string[]): Result<ThreadHost[]> {
  const hosts: ThreadHost[] = [];
  for (const id of new Set(threadIds)) {
    const found = lookupThread(registry, id);
    if (!found.ok) return found;
    if (found.value.summary.mergeState === 'discarded') return fail('invalid_state', `Thread ${id} was discarded; it cannot be merged.`);
    hosts.push(found.value);
  }
  const [first] = hosts;
  const mixed = hosts.find((h) => h.summary.repoPath !== first?.summary.repoPath || h.summary.baseBranch !== first?.summary.baseBranch);
  if (first && mixed) {
    return fail('invalid_request', `Threads merge together only into one base branch of one repository; ${mixed.id} targets ${mixed.summary.baseBranch} in ${mixed.summary.repoPath}.`);
  }
  return ok(hosts);
}

async function readyToMerge(registry: ThreadRegistry, hosts: ThreadHost[], signal?: AbortSignal): Promise<Result<null>> {
  for (const host of hosts) {
    const idle = idleWithWorktree(registry, host.id, 'merge');
    if (!idle.ok) return idle;
    const marked = await filesWithMarkers(host.summary.worktreePath, signal);
    if (marked.length > 0) {
      return fail('merge_conflict', `Thread ${host.id} still has conflict markers in ${marked.join(', ')}. Let its agent finish resolving them, then merge again.`);
    }
  }
  const { repoPath, baseBranch } = hosts[0]!.summary;
  const problem = await baseCheckoutProblem(repoPath, baseBranch, signal);
  return problem ? fail('worktree_dirty', problem) : ok(null);
}

async function mergeRun(registry: ThreadRegistry, threadIds: string[], strategy: MergeStrategy, signal?: AbortSignal) {
  const chosen = chooseThreads(registry, threadIds);
  if (!chosen.ok) return chosen;
  const hosts = chosen.value;
  const { repoPath, baseBranch } = hosts[0]!.summary;
  return repoLock.run(repoPath, async () => {
    const ready = await readyToMerge(registry, hosts, signal);
    if (!ready.ok) return ready;
    const steps = [];
    const landed = new Map<string, DiffStat>();
    for (const host of hosts) {
      landed.set(host.id, await host.worktree.measureChanges());
      const message = workMessage(host);
      steps.push({ id: host.id, head: await commitThreadWork(host.summary.worktreePath, host.summary.branch, message, signal), message });
    }
    const report = await runTrain(repoPath, baseBranch, steps, strategy, signal).catch((error: unknown) => {
      if (error instanceof BaseCheckoutError) return fail<MergeReport>('worktree_dirty', error.message);
      throw error;
    });
    if ('ok' in report) return report;
    for (const { threadId } of report.merged) registry.get(threadId)?.worktree.markMerged(landed.get(threadId)!);
    return ok(report);
  });
}

/** `signal` is the fleet's lifetime: each command's git work stops with it, before anything is half-done. */
/** `teardown`: flotilla.json's, run before a discarded thread's worktree is removed. */
export function createMergeHandlers(registry: ThreadRegistry, signal?: AbortSignal, teardown?: (host: ThreadHost) => Promise<void>): Pick<CommandHandlers, MergeCommand> {
  return {
    'merge.check': async ({ threadIds }) => {
      const chosen = chooseThreads(registry, threadIds);
      if (!chosen.ok) return chosen;
      // The work as a commit without moving any branch: the worktree, or the branch if that is gone.
      const threads = chosen.value.map((host) => ({ id: host.id, worktree: host.summary.worktreePath, branch: host.summary.branch, message: workMessage(host) }));
      const { repoPath, baseBranch } = chosen.value[0]!.summary;
      return ok((await checkThreads(repoPath, baseBranch, threads, signal)).matrix);
    },
    'merge.run': async ({ threadIds, strategy }) => mergeRun(registry, threadIds, strategy, signal),
    'merge.resolve': async ({ threadId }) => {
      const found = idleWithWorktree(registry, threadId, 'resolve a conflict');
      if (!found.ok) return found;
      const host = found.value;
      const { worktreePath, branch, baseBranch, repoPath } = host.summary;
      const conflicts = await repoLock.run(repoPath, () => mergeBaseIntoWorktree(worktreePath, branch, baseBranch, workMessage(host), signal));
      host.refreshChanges();
      if (conflicts.length === 0) return ok({});
      const sent = host.send(resolveTaskMessage(baseBranch, conflicts), 'queue');
      return sent.ok ? ok({}) : sent;
    },
    'thread.discard': async ({ threadId, force }) => discardThread(registry, threadId, force ?? false, signal, teardown),
  };
}

/**
 * Removes a thread's worktree and branch. From the decision on, the thread refuses messages
 * (beginDiscard, before the first await), so no turn can start writing into a worktree that is
 * about to go; it takes them again if the discard refuses or fails.
 */
async function discardThread(
  registry: ThreadRegistry,
  threadId: string,
  force: boolean,
  signal?: AbortSignal,
  teardown?: (host: ThreadHost) => Promise<void>,
): Promise<Result<{ keptRef: string | null }>> {
  const found = lookupThread(registry, threadId);
  if (!found.ok) return found;
  const host = found.value;
  // A worktree still being made is unmade first; the discard then finds what is left.
  await host.worktree.cancelSetup();
  const { repoPath, worktreePath, branch, baseBranch, mergeState } = host.summary;
  if (existsSync(worktreePath)) {
    const idle = idleWithWorktree(registry, threadId, 'discard it');
    if (!idle.ok) return idle;
  }
  const begun = host.beginDiscard();
  if (!begun.ok) return begun;
  let removed = false;
  try {
    const target = { threadId, repo: repoPath, worktree: worktreePath, branch, baseBranch };
    const outcome = await repoLock.run(repoPath, () => discardThreadWork(target, force, async () => {
      await teardown?.(host);
      await host.stopWorker();
    }, signal));
    if (!outcome.removed) {
      return fail('unmerged_work', `Thread ${threadId} has work that is not in ${baseBranch}. Merge it first, or discard with force; its work is then kept under refs/flotilla/discarded/${threadId}.`);
    }
    removed = true;
    if (mergeState !== 'merged') host.worktree.setMergeState('discarded');
    return ok({ keptRef: outcome.keptRef });
  } finally {
    begun.value(removed);
  }
}
