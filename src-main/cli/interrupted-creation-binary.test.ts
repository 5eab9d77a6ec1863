/**
 * `flotilla run` stopped while it creates 8 worktrees of a repository big enough to take a
 * moment (its threads already listed, setting up): killed (SIGKILL), the next fleet on the data
 * dir removes every worktree and branch whose creation did not finish, keeping work found in one
 * under refs/flotilla/orphaned/<thread>, and fails those threads; interrupted (Ctrl-C), it
 * cancels the creation and leaves no worktree or branch behind, the threads failed as cancelled.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRepo } from '../git/test-support/temp-repo';
import { createFleetFixture, type FleetFixture } from '../fleet/test-support/fleet-fixture';
import { call } from '../fleet/test-support/fleet-test-support';
import { startCli, type RunningCli } from './test-support/cli-process-support';

const git = (cwd: string, args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' });

/** 3,000 files: each `git worktree add` takes a visible moment, so a kill lands mid-creation. */
function bigRepo(root: string): string {
  const files: Record<string, string> = {};
  for (let d = 0; d < 60; d += 1) for (let f = 0; f < 50; f += 1) files[`src/d${d}/f${f}.txt`] = `line ${f}\n`.repeat(40);
  return makeRepo(root, files);
}

function flotillaBranches(repo: string): string[] {
  return git(repo, ['branch', '--list', 'flotilla/*', '--format=%(refname:short)']).split('\n').filter(Boolean).sort();
}

function agentWorktrees(repo: string): string[] {
  const paths = git(repo, ['worktree', 'list', '--porcelain']).split('\n').filter((l) => l.startsWith('worktree ')).map((l) => l.slice(9));
  return paths.filter((p) => p !== repo).sort();
}

/**
 * An agent worktree git has finished making, or null: its `.git` file exists and git has removed
 * the "initializing" lock it holds while checking out.
 */
function completeWorktree(repo: string, dataDir: string): string | null {
  const root = join(dataDir, 'worktrees');
  if (!existsSync(root)) return null;
  for (const repoDir of readdirSync(root)) {
    for (const thread of readdirSync(join(root, repoDir))) {
      const admin = join(repo, '.git', 'worktrees', thread);
      if (existsSync(join(root, repoDir, thread, '.git')) && existsSync(admin) && !existsSync(join(admin, 'locked'))) return join(root, repoDir, thread);
    }
  }
  return null;
}

/** Polls a file-system condition as often as it can change (no fleet event tells us). */
async function until(test: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** `git worktree add` processes still running in `repo`, from /proc. */
function gitAddsRunning(repo: string): number {
  let count = 0;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv.includes('worktree') && argv.includes('add') && readlinkSync(`/proc/${pid}/cwd`) === repo) count += 1;
    } catch {
      // Gone meanwhile, or not ours to look at.
    }
  }
  return count;
}

describe('a task creation cut short', () => {
  let fx: FleetFixture;
  let repo: string;
  let run: RunningCli | null = null;
  beforeEach(async () => {
    fx = await createFleetFixture();
    repo = bigRepo(join(fx.dir, 'big'));
  });
  afterEach(async () => {
    run?.child.kill('SIGKILL');
    await run?.exited;
    await fx.cleanup();
  });

  const startRun = (): RunningCli => startCli(['run', '--repo', repo, '--agents', '8', '--demo', 'Big task'], { FLOTILLA_HOME: fx.dataDir });

  it('killed: the next fleet removes what has no thread and keeps work found in it under a ref', async () => {
    run = startRun();
    // Killed as soon as one worktree is complete: the others are still to come.
    await until(() => completeWorktree(repo, fx.dataDir) !== null || run!.child.exitCode !== null, 'a complete worktree');
    run.child.kill('SIGKILL');
    expect(await run.exited).toBe('SIGKILL');
    const orphan = completeWorktree(repo, fx.dataDir)!;
    const threadId = basename(orphan);
    expect(flotillaBranches(repo).length).toBeGreaterThan(0);
    expect(flotillaBranches(repo).length).toBeLessThan(8);
    writeFileSync(join(orphan, 'rescued.txt'), 'keep me\n');
    // SIGKILL spares the child git: let the `git worktree add` it was running finish, as it would
    // long before a user starts Flotilla again.
    await until(() => gitAddsRunning(repo) === 0, 'the orphaned git to finish');

    const fleet = await fx.openFleet();
    const threads = await call(fleet, 'threads.list', {});
    expect(threads.length).toBe(8);
    expect(threads.find((t) => t.id === threadId)?.status).toBe('failed');
    expect(flotillaBranches(repo)).toEqual([]);
    expect(agentWorktrees(repo)).toEqual([]);
    expect(existsSync(orphan)).toBe(false);
    expect(git(repo, ['show', `refs/flotilla/orphaned/${threadId}:rescued.txt`])).toBe('keep me\n');
    expect(readdirSync(join(fx.dataDir, 'pending'))).toEqual([]);
    expect(fx.logger.lines).toContainEqual(expect.stringContaining(`the work found in it is kept under refs/flotilla/orphaned/${threadId}.`));
    // The user's checkout is untouched.
    expect(git(repo, ['status', '--porcelain'])).toBe('');
  }, 120_000);

  it('Ctrl-C: the creation is cancelled and undone, and the run exits 130', async () => {
    run = startRun();
    await until(() => existsSync(join(fx.dataDir, 'worktrees')) || run!.child.exitCode !== null, 'the first worktree');
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.stderr()).toContain('Cancelling: removing the worktrees made so far');
    expect(flotillaBranches(repo)).toEqual([]);
    expect(agentWorktrees(repo)).toEqual([]);
    expect(readdirSync(join(fx.dataDir, 'pending'))).toEqual([]);
    const fleet = await fx.openFleet();
    const threads = await call(fleet, 'threads.list', {});
    expect(threads.length).toBe(8);
    for (const thread of threads) expect(thread.status).toBe('failed');
  }, 120_000);
});
