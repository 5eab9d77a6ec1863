/**
 * Where a merge train lands. A thread's base is the branch that was checked out when its task
 * started or, when HEAD was detached, the commit itself (task-runner records the sha).
 *
 * Merging onto a commit: a commit cannot move, so the merged work goes on a branch of its own,
 * `flotilla/merged-<sha12>`, created by the first train onto that commit and advanced by the next
 * ones (so threads merged one after another pile up, as they do on a branch). When the user's
 * checkout is still detached at the train's start and clean, it is fast-forwarded too, like the
 * branch one is on would be; otherwise it is left alone, and the report names the branch.
 */
import { resolveRevs, revParse, updateRef } from './refs';
import { runGit } from './git';
import { advanceBranch, isAncestor, isDirty } from './merge';

export type MergeTarget =
  | { kind: 'branch'; branch: string; start: string }
  | { kind: 'commit'; commit: string; branch: string; start: string; branchExists: boolean };

export interface Landing {
  branch: string;
  /** A sentence for the user: where the work is and what happened to their checkout. */
  note: string;
}

const OBJECT_ID = /^([0-9a-f]{40}|[0-9a-f]{64})$/;

export function landingBranch(commit: string): string {
  return `flotilla/merged-${commit.slice(0, 12)}`;
}

/** Null when the base is gone: a branch deleted since, or a commit that is not in the repository. */
export async function resolveMergeTarget(repo: string, base: string, signal?: AbortSignal): Promise<MergeTarget | null> {
  const [branchHead = null, commit = null] = await resolveRevs(repo, [`refs/heads/${base}`, `${base}^{commit}`], signal);
  if (branchHead) return { kind: 'branch', branch: base, start: branchHead };
  if (!OBJECT_ID.test(base) || !commit) return null;
  const branch = landingBranch(commit);
  const tip = await revParse(repo, `refs/heads/${branch}`, signal);
  return { kind: 'commit', commit, branch, start: tip ?? commit, branchExists: tip !== null };
}

export function missingBaseMessage(repo: string, base: string): string {
  return OBJECT_ID.test(base)
    ? `The base commit ${base.slice(0, 12)} is no longer in ${repo}.`
    : `The base branch ${base} no longer exists in ${repo}. Recreate it, then merge again.`;
}

/** The commits whose history counts as "in the base", for discard. Empty when the base is gone. */
export async function baseTips(repo: string, base: string, signal?: AbortSignal): Promise<string[]> {
  const target = await resolveMergeTarget(repo, base, signal);
  if (!target) return [];
  return target.kind === 'branch' ? [target.start] : [...new Set([target.start, target.commit])];
}

/**
 * Moves the target from its start to `to` (a descendant). Throws BaseCheckoutError when a
 * checked-out branch cannot move; then nothing moved. Returns where a commit base landed.
 */
export async function moveTarget(repo: string, target: MergeTarget, to: string): Promise<Landing | null> {
  if (target.kind === 'branch') {
    await advanceBranch(repo, target.branch, target.start, to);
    return null;
  }
  if (to === target.start) return null;
  if (target.branchExists) await advanceBranch(repo, target.branch, target.start, to);
  // Created only if no one made it meanwhile.
  else await updateRef(repo, `refs/heads/${target.branch}`, to, { message: 'flotilla merge', expected: null });
  const checkout = await fastForwardDetachedCheckout(repo, target.start, to);
  return { branch: target.branch, note: `Merged onto ${target.branch}, a new branch from ${target.commit.slice(0, 12)}: ${checkout}` };
}

/** Moves the user's checkout along when it is still detached at `from` and clean; says what it did. */
async function fastForwardDetachedCheckout(repo: string, from: string, to: string): Promise<string> {
  // "HEAD" when detached, the branch's full name otherwise.
  const { stdout: name } = await runGit(repo, ['rev-parse', '--symbolic-full-name', 'HEAD']);
  const head = await revParse(repo, 'HEAD');
  const at = from.slice(0, 12);
  if (name.trim() !== 'HEAD' || head !== from) return `your checkout is no longer detached at ${at}, so it was left as it is.`;
  if (await isDirty(repo)) return `your checkout at ${at} has uncommitted changes, so it was left there; run \`git merge --ff-only ${to.slice(0, 12)}\` once they are committed or stashed.`;
  const { exitCode, stderr } = await runGit(repo, ['merge', '--ff-only', '--no-edit', to], { successExitCodes: [0, 1, 128] });
  if (exitCode === 0 && (await isAncestor(repo, to, 'HEAD'))) return 'your detached checkout was fast-forwarded to it.';
  const detail = stderr.trim().split('\n').slice(0, 2).join(' ');
  return `your checkout at ${at} could not be fast-forwarded (${detail}), so it was left there.`;
}
