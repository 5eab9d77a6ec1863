/**
 * The worktree benchmark behind `npm run bench` (scripts/bench-worktrees.mjs): 8 worktrees of a
 * generated 20,000-file repository made through Flotilla (task.run, until every thread has its
 * worktree) and with plain `git worktree add` one after another (the baseline), in interleaved
 * rounds; and how long a dashboard request (threads.list) takes while Flotilla is making them.
 * The fleet is the real one with the test's fake worker, whose turns wait (`[hold]`) until the
 * round is measured: the agents cost nothing and take no checkpoints meanwhile.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ThreadSummary } from '../../../src-shared/domain/thread';
import type { FleetService } from '../fleet-service';
import { createFleetFixture } from '../test-support/fleet-fixture';

const run = promisify(execFile);
const git = (cwd: string, ...args: string[]) => run('git', ['-c', 'user.email=bench@flotilla.test', '-c', 'user.name=Bench', ...args], { cwd, maxBuffer: 1 << 26 });

export interface WorktreeBenchOptions {
  files: number;
  agents: number;
  rounds: number;
}

export interface WorktreeFigures {
  files: number;
  agents: number;
  /** Per round: plain git, and Flotilla until every thread had its worktree. */
  gitMs: number[];
  flotillaMs: number[];
  /** Per round: how long task.run took to answer. */
  answerMs: number[];
  /** Per round: until every worktree was checked out (the step plain git does), the rest of setup aside. */
  checkedOutMs: number[];
  /** Every threads.list made while Flotilla was making worktrees. */
  listMs: number[];
}

async function makeBigRepo(dir: string, files: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await git(dir, 'init', '-q', '-b', 'main');
  for (let i = 0; i < files; i += 1) {
    const folder = join(dir, 'src', `m${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `f${i}.ts`), `export const value${i} = ${i};\n`);
  }
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', 'big tree');
}

async function plainGitRound(repo: string, root: string, round: number, agents: number): Promise<number> {
  const paths = Array.from({ length: agents }, (_, i) => join(root, `git-${round}-${i}`));
  const started = performance.now();
  for (const [i, path] of paths.entries()) await git(repo, 'worktree', 'add', '-q', '-b', `bench/${round}-${i}`, '--', path, 'HEAD');
  const ms = performance.now() - started;
  for (const [i, path] of paths.entries()) {
    await git(repo, 'worktree', 'remove', '--force', '--', path);
    await git(repo, 'branch', '-D', `bench/${round}-${i}`);
  }
  return ms;
}

async function list(fleet: FleetService): Promise<ThreadSummary[]> {
  const listed = await fleet.call('threads.list', {});
  if (!listed.ok) throw new Error(listed.error.message);
  return listed.value;
}

/** A thread's activity until its `git worktree add` is done (task-runner.ts, background-creation.ts). */
const CHECKING_OUT = new Set(['Waiting to create its worktree…', 'Creating worktree…']);

async function flotillaRound(fleet: FleetService, repo: string, agents: number, figures: WorktreeFigures): Promise<number> {
  const started = performance.now();
  const result = await fleet.call('task.run', { repoPath: repo, prompt: 'Bench [hold]', agents });
  if (!result.ok) throw new Error(`task.run failed: ${result.error.message}`);
  figures.answerMs.push(performance.now() - started);
  const ids = new Set(result.value.threads.map((t) => t.id));
  // A dashboard polling while the worktrees are made: each request timed.
  let checkedOut = false;
  for (;;) {
    const asked = performance.now();
    const threads = (await list(fleet)).filter((t) => ids.has(t.id));
    figures.listMs.push(performance.now() - asked);
    if (!checkedOut && threads.every((t) => !CHECKING_OUT.has(t.activity ?? ''))) {
      checkedOut = true;
      figures.checkedOutMs.push(performance.now() - started);
    }
    if (threads.every((t) => t.status !== 'setting_up')) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const ms = performance.now() - started;
  const failed = (await list(fleet)).filter((t) => ids.has(t.id) && t.error !== null);
  if (failed.length > 0) throw new Error(`A worktree failed: ${failed[0]?.error}`);
  // Outside the timing: each held turn, once under way, is interrupted, and the thread discarded.
  while ((await list(fleet)).some((t) => ids.has(t.id) && t.status === 'starting')) await new Promise((resolve) => setTimeout(resolve, 20));
  for (const threadId of ids) await fleet.call('thread.interrupt', { threadId });
  while ((await list(fleet)).some((t) => ids.has(t.id) && t.status === 'working')) await new Promise((resolve) => setTimeout(resolve, 20));
  for (const threadId of ids) {
    const discarded = await fleet.call('thread.discard', { threadId, force: true });
    if (!discarded.ok) throw new Error(`discard failed: ${discarded.error.message}`);
  }
  return ms;
}

export async function runWorktreeBench(options: WorktreeBenchOptions): Promise<WorktreeFigures> {
  const fx = await createFleetFixture();
  try {
    const repo = join(fx.dir, 'big');
    await makeBigRepo(repo, options.files);
    const fleet = await fx.openFleet();
    const figures: WorktreeFigures = { files: options.files, agents: options.agents, gitMs: [], flotillaMs: [], answerMs: [], checkedOutMs: [], listMs: [] };
    for (let round = 0; round < options.rounds; round += 1) {
      // Alternating which goes first, so a slow spell or a warm cache favours neither.
      const flotillaFirst = round % 2 === 1;
      if (flotillaFirst) figures.flotillaMs.push(await flotillaRound(fleet, repo, options.agents, figures));
      figures.gitMs.push(await plainGitRound(repo, join(fx.dir, 'plain'), round, options.agents));
      if (!flotillaFirst) figures.flotillaMs.push(await flotillaRound(fleet, repo, options.agents, figures));
    }
    await fleet.dispose();
    return figures;
  } finally {
    await fx.cleanup();
  }
}
