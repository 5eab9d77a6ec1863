/**
 * flotilla.json's setup for one thread, before its agent starts: run in its shell, the outcome
 * kept, a failure shown on the card with the output's tail. thread.setupRetry and
 * thread.setupSkip (environment-commands.ts) pick a failed one up again.
 */
import { existsSync } from 'node:fs';
import { fail, ok, type Result } from '../../../src-shared/protocol/api';
import type { FleetLogger } from '../logger';
import { isSetupFailure, SETUP_FAILED } from '../../../src-shared/protocol/api-environment';
import type { ThreadHost } from '../thread';
import type { WorktreeEnvironments } from './worktree-environment';
import { DEFAULT_SETUP_TIMEOUT_SECONDS, type ProjectEnv } from '../../../src-shared/protocol/project-env';
import { readSetupState, runSetupInShell, writeSetupState } from './setup-runner';


/** True when the agent may start: setup succeeded, was skipped, already ran, or there is none. */
export async function runProjectSetup(host: ThreadHost, dataDir: string, env: Pick<ProjectEnv, 'setup' | 'setupTimeoutSeconds'>, signal: AbortSignal): Promise<boolean> {
  const commands = env.setup;
  const state = readSetupState(dataDir, host.id);
  if (commands.length === 0 || state === 'done' || state === 'skipped') return true;
  host.worktree.setupProgress(`Running setup: ${commands.join(' && ')}`);
  const outcome = await runSetupInShell(host, commands, (env.setupTimeoutSeconds ?? DEFAULT_SETUP_TIMEOUT_SECONDS) * 1000, signal);
  if (outcome.ok) {
    writeSetupState(dataDir, host.id, 'done');
    return true;
  }
  writeSetupState(dataDir, host.id, 'failed');
  const tail = outcome.tail ? `\n${outcome.tail}` : '';
  const reason = outcome.reason.startsWith('it ran longer') ? `${outcome.reason} (setupTimeoutSeconds in flotilla.json)` : outcome.reason;
  host.worktree.setupFailed(`${SETUP_FAILED} (${commands.join(' && ')}): ${reason}. Fix it and Retry, or Skip to start the agent without it.${tail}`);
  return false;
}

export interface SetupCommandContext {
  dataDir: string;
  environments: WorktreeEnvironments;
  /** Aborts when the fleet stops. */
  signal?: AbortSignal | undefined;
}

/** A thread whose setup failed, or why this one is not. */
function failedSetup(ctx: SetupCommandContext, host: ThreadHost): Result<ThreadHost> {
  const { status, error } = host.summary;
  if (isSetupFailure(status, error) && readSetupState(ctx.dataDir, host.id) === 'failed') return ok(host);
  return fail('invalid_state', `Thread ${host.id} has no failed setup to retry or skip (it is ${status}).`);
}

/** thread.setupRetry: flotilla.json is read again, so a fix to it applies. */
export async function retrySetup(ctx: SetupCommandContext, host: ThreadHost): Promise<Result<Record<string, never>>> {
  const found = failedSetup(ctx, host);
  if (!found.ok) return found;
  const env = await ctx.environments.load(host.summary.repoPath);
  if (!env.ok) return env;
  const { prompt } = host.summary;
  host.worktree.setupProgress('Retrying setup…');
  void host.worktree.runSetup(async (own) => {
    const signal = ctx.signal ? AbortSignal.any([own, ctx.signal]) : own;
    if (!(await runProjectSetup(host, ctx.dataDir, env.value, signal))) return;
    host.worktree.setupReady();
    host.start(prompt);
  });
  return ok({});
}

/** thread.setupSkip: the agent starts without it. */
export function skipSetup(ctx: SetupCommandContext, host: ThreadHost): Result<Record<string, never>> {
  const found = failedSetup(ctx, host);
  if (!found.ok) return found;
  writeSetupState(ctx.dataDir, host.id, 'skipped');
  host.worktree.setupReady();
  host.start(host.summary.prompt);
  return ok({});
}

/** Teardown is best effort: a hung one is stopped after this and the worktree removed anyway. */
const TEARDOWN_TIMEOUT_MS = 60_000;

/**
 * flotilla.json's teardown, before the thread's worktree is removed: in its shell (and sandbox),
 * as setup runs; what it printed goes to Flotilla's log, and its failure never keeps the worktree.
 */
export async function runTeardown(ctx: { environments: WorktreeEnvironments; logger: FleetLogger }, host: ThreadHost): Promise<void> {
  const { repoPath, worktreePath } = host.summary;
  if (!existsSync(worktreePath)) return;
  const env = await ctx.environments.load(repoPath);
  if (!env.ok || env.value.teardown.length === 0) return;
  const commands = env.value.teardown.join(' && ');
  const outcome = await runSetupInShell(host, env.value.teardown, TEARDOWN_TIMEOUT_MS, new AbortController().signal);
  const how = outcome.ok ? 'finished' : `failed (${outcome.reason}); the worktree is removed anyway`;
  ctx.logger.warn(`Teardown of thread ${host.id} (${commands}) ${how}. Its output:\n${outcome.tail}`);
}
