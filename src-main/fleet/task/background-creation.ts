/**
 * A task's worktrees, made after task.run has returned: its threads exist at once (setting up,
 * with progress on their cards), then each gets its worktree, its copied files and its port
 * block in turn, and its agent starts. One that fails, or is cancelled (interrupt or discard of
 * the thread, the fleet stopping), fails alone and leaves no worktree or branch behind.
 *
 * The pending-creation record lists the worktrees not yet finished, so a kill midway leaves the
 * next fleet a list of exactly what to clean up (interrupted-creation.ts).
 */
import type { RepoInfo } from '../../../src-shared/domain/thread';
import type { ProjectEnv } from '../../../src-shared/protocol/project-env';
import { GitError } from '../../git/git';
import { createWorktree } from '../../git/worktree';
import { applyCheckoutChanges, type CheckoutChanges } from '../../project/carry-changes';
import { errorMessage, type FleetLogger } from '../logger';
import type { ThreadHost } from '../thread';
import { clearPendingCreation, recordPendingCreation } from './pending-creation';
import { runProjectSetup } from './project-setup';
import { rollBack, type PlannedWorktree } from './task-worktrees';
import type { AgentSlots } from './agent-slots';
import type { WorktreeEnvironments } from './worktree-environment';

export interface CreationJob {
  dataDir: string;
  taskId: string;
  repo: RepoInfo;
  env: ProjectEnv;
  environments: WorktreeEnvironments;
  logger: FleetLogger;
  prompt: string;
  /** The checkout's uncommitted changes, to apply in each worktree (task.run's carryChanges), or null. */
  changes: CheckoutChanges | null;
  /** Aborts when the fleet stops. */
  signal?: AbortSignal | undefined;
  threads: { host: ThreadHost; plan: PlannedWorktree }[];
  /** Max agents running at once: each thread waits for a slot before anything of it is made. Absent: no wait. */
  slots?: AgentSlots | undefined;
}

const STOPPING = "Flotilla stopped before this thread's worktree was ready; nothing was left behind. Start the task again.";
const CANCELLED = "Cancelled while this thread's worktree was being made; nothing was left behind.";
const STOPPING_WAIT = 'Flotilla stopped while this thread waited for a slot (max agents); nothing had been made. Start the task again.';
const CANCELLED_WAIT = 'Cancelled while it waited for a slot (max agents); nothing had been made.';

class Cancelled extends Error {}

/**
 * Resolves once every thread has its worktree or has failed. Only `git worktree add` waits for
 * the one before (git serialises them on the repository anyway); copying, ports, setup and the
 * agent's start run as soon as a thread's own worktree is there, so a long setup (`npm ci`) in
 * one worktree never holds up the checkout of the next.
 */
export function createInBackground(job: CreationJob): Promise<void> {
  const unfinished = new Map(job.threads.map(({ plan }) => [plan.threadId, plan]));
  const finished = (threadId: string) => {
    unfinished.delete(threadId);
    if (unfinished.size === 0) clearPendingCreation(job.dataDir, job.taskId);
    else recordPendingCreation(job.dataDir, { taskId: job.taskId, repoPath: job.repo.path, baseCommit: job.repo.headCommit, worktrees: [...unfinished.values()] });
  };
  let checkedOut: Promise<void> = Promise.resolve();
  const all = job.threads.map((thread) => {
    const turn = checkedOut;
    let releaseNext = (): void => undefined;
    checkedOut = new Promise<void>((resolve) => {
      releaseNext = resolve;
    });
    // Every thread's setup is registered now, so one still waiting for its turn can be cancelled too.
    const done = thread.host.worktree.runSetup(async (own) => {
      const signal = job.signal ? AbortSignal.any([own, job.signal]) : own;
      // Before its turn to check out: threads are granted slots in creation order, so the one ahead is never behind it.
      if (await gotSlot(job, thread.host, signal)) {
        await turn;
        await makeOne(job, thread, signal, releaseNext);
      }
      finished(thread.plan.threadId);
    });
    return done.catch(() => undefined).finally(releaseNext);
  });
  return Promise.all(all).then(() => undefined);
}

/** False when the wait was cancelled: the thread has failed saying so, and nothing of it exists. */
async function gotSlot(job: CreationJob, host: ThreadHost, signal: AbortSignal): Promise<boolean> {
  if (!job.slots) return true;
  try {
    await job.slots.acquire(host, signal);
    return true;
  } catch {
    host.worktree.setupFailed(job.signal?.aborted ? STOPPING_WAIT : CANCELLED_WAIT);
    return false;
  }
}

/** `checkedOut` lets the next thread's checkout begin, once this one's is done (or failed). */
async function makeOne(job: CreationJob, { host, plan }: CreationJob['threads'][number], signal: AbortSignal, checkedOut: () => void): Promise<void> {
  const why = () => (job.signal?.aborted ? STOPPING : CANCELLED);
  try {
    if (signal.aborted) throw new Cancelled();
    host.worktree.setupProgress('Creating worktree…');
    await createWorktree(job.repo.path, plan.path, plan.branch, job.repo.headCommit, signal);
  } catch (reason) {
    checkedOut();
    // createWorktree already removed what it had made.
    const cancelled = reason instanceof Cancelled || (reason instanceof GitError && reason.kind === 'cancelled');
    const detail = detailOf(reason);
    host.worktree.setupFailed(cancelled ? why() : `Could not create its worktree at ${plan.path}: ${detail}`);
    return;
  }
  checkedOut();
  try {
    if (signal.aborted) throw new Cancelled();
    const copies = job.env.copy.length;
    host.worktree.setupProgress(copies > 0 ? `Copying the ignored files flotilla.json names (${copies} pattern${copies === 1 ? '' : 's'})…` : 'Reserving ports…');
    const skipped = await job.environments.prepare(job.repo.path, job.env, plan, signal);
    if (job.changes) {
      host.worktree.setupProgress('Carrying over your uncommitted changes…');
      skipped.push(...(await applyCheckoutChanges(job.repo.path, plan.path, job.changes, signal)));
    }
    for (const note of skipped) job.logger.warn(`Thread ${plan.threadId}: ${note}`);
    if (signal.aborted) throw new Cancelled();
  } catch (reason) {
    await rollBack(job.repo.path, [plan], job.logger);
    await job.environments.release(plan.threadId);
    const cancelled = reason instanceof Cancelled || signal.aborted;
    host.worktree.setupFailed(cancelled ? why() : `Could not ready its worktree (copying the files flotilla.json names, its ports, or your uncommitted changes): ${detailOf(reason)}.`);
    return;
  }
  if (!(await runProjectSetup(host, job.dataDir, job.env, signal))) return;
  host.worktree.setupReady();
  host.start(job.prompt);
}

function detailOf(reason: unknown): string {
  return reason instanceof GitError ? reason.stderr.trim() || reason.message : errorMessage(reason);
}
