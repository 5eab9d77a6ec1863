/**
 * Benchmark harness (scripts/git-bench.mjs, `npm run bench -- --git-only`): Flotilla's git work for
 * 8 threads against the plain git commands that do the same work, in one run, rounds interleaved,
 * medians. Figures only; no thresholds.
 * - merge --check: Flotilla's conflict check (snapshot each worktree, every head against the base
 *   and every pair) against the 36 raw `git merge-tree --write-tree` calls it needs, one after
 *   another. Twice: threads holding agents' uncommitted work (agents never commit), and threads
 *   whose branch also has a commit of its own (as after a conflict was resolved), where fewer
 *   cells can be proven clean without merge-tree.
 * - diff --stat: thread.diff for each thread, one after another (what `flotilla diff ID --stat`
 *   asks the server for), against plain git computing the same stat: merge-base, the worktree
 *   added to a copy of its index, write-tree, `diff --stat`.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { threadDiff } from '../diff';
import { checkThreads, type CheckedThread } from '../merge-check';
import { resolveRevs } from '../refs';
import { createWorktree } from '../worktree';
import { worktreeGitDir } from '../trusted-worktrees';

const run = promisify(execFile);
const THREADS = 8;
const FILES = 40;

export interface MergeCheckFigures {
  mergeCheckMs: number;
  rawMergeTreeMs: number;
  mergeTreeCalls: number;
}

export interface FleetGitBenchResult {
  threads: number;
  rounds: number;
  /** Agents' uncommitted work. */
  uncommitted: MergeCheckFigures;
  /** Each thread's branch with a commit of its own too. */
  committed: MergeCheckFigures;
  diffStatMs: number;
  plainDiffStatMs: number;
}

interface BenchRepo {
  repo: string;
  threads: { id: string; worktree: string; branch: string; gitDir: string }[];
}

const lines = (tag: string, count = 30): string => Array.from({ length: count }, (_, i) => `export const line${i} = '${tag} ${i}';`).join('\n') + '\n';

async function git(cwd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const identity = ['-c', 'user.name=Bench', '-c', 'user.email=bench@flotilla.test'];
  const { stdout } = await run('git', [...identity, ...args], { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/**
 * A repository and 8 thread worktrees with real work: uncommitted edits, a deletion and new files
 * (and, with `committed`, a commit on the thread's branch). Threads 0 and 1 edit the same lines (a
 * conflicting pair), thread 7 edits a file the base branch changed since (a conflict with the
 * base), and the base moves on after the threads started.
 */
async function makeBenchRepo(dir: string, committed: boolean): Promise<BenchRepo> {
  const repo = join(dir, 'repo');
  mkdirSync(join(repo, 'src'), { recursive: true });
  await git(repo, ['init', '-q', '-b', 'main']);
  for (let f = 0; f < FILES; f += 1) writeFileSync(join(repo, 'src', `file-${f}.ts`), lines(`base ${f}`));
  await git(repo, ['add', '-A']);
  await git(repo, ['commit', '-q', '-m', 'base']);
  const threads: BenchRepo['threads'] = [];
  for (let t = 0; t < THREADS; t += 1) {
    const worktree = join(dir, `wt-${t}`);
    const branch = `flotilla/bench-${t}`;
    await createWorktree(repo, worktree, branch, 'main');
    writeFileSync(join(worktree, 'src', `file-${10 + t}.ts`), lines(`committed by ${t}`));
    if (committed) await git(worktree, ['commit', '-q', '-am', `thread ${t} commit`]);
    const shared = t < 2 ? 'file-0.ts' : `file-${20 + t}.ts`;
    writeFileSync(join(worktree, 'src', shared), lines(`edited by ${t}`));
    writeFileSync(join(worktree, 'src', t === 7 ? 'file-39.ts' : `file-${30 + t}.ts`), lines(`uncommitted ${t}`, 35));
    rmSync(join(worktree, 'src', `file-${1 + t}.ts`));
    for (let n = 0; n < 3; n += 1) writeFileSync(join(worktree, 'src', `new-${t}-${n}.ts`), lines(`new ${t} ${n}`, 20));
    threads.push({ id: `t${t}`, worktree, branch, gitDir: (await worktreeGitDir(repo, worktree))! });
  }
  writeFileSync(join(repo, 'src', 'file-39.ts'), lines('base moved on'));
  await git(repo, ['commit', '-q', '-am', 'base moves on']);
  return { repo, threads };
}

function checked(bench: BenchRepo): CheckedThread[] {
  return bench.threads.map((t) => ({ id: t.id, worktree: t.worktree, branch: t.branch, message: `Thread ${t.id}` }));
}

async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** The merge-tree calls the check needs, raw: each head against the base, then each pair. */
async function rawMergeTrees(repo: string, base: string, heads: string[]): Promise<number> {
  const pairs: [string, string][] = heads.map((h) => [base, h]);
  for (let i = 0; i < heads.length; i += 1) for (let j = i + 1; j < heads.length; j += 1) pairs.push([heads[i]!, heads[j]!]);
  for (const [a, b] of pairs) {
    await run('git', ['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', a, b], { cwd: repo }).catch((error: { code?: number }) => {
      if (error.code !== 1) throw error;
    });
  }
  return pairs.length;
}

/** Plain git computing one thread's stat: its worktree, uncommitted and untracked work included, against the merge-base. */
async function plainDiffStat(thread: BenchRepo['threads'][number], scratch: string): Promise<void> {
  const base = (await git(thread.worktree, ['merge-base', 'HEAD', 'main'])).trim();
  const index = join(scratch, `index-${thread.id}`);
  copyFileSync(join(thread.gitDir, 'index'), index);
  await git(thread.worktree, ['add', '-A'], { GIT_INDEX_FILE: index });
  const tree = (await git(thread.worktree, ['write-tree'], { GIT_INDEX_FILE: index })).trim();
  await git(thread.worktree, ['diff', '--stat', '-M', base, tree]);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function checkHeads(bench: BenchRepo): Promise<{ base: string; heads: string[] }> {
  const { heads } = await checkThreads(bench.repo, 'main', checked(bench));
  const [base] = await resolveRevs(bench.repo, ['refs/heads/main']);
  return { base: base!, heads: heads.map((h) => h.commit) };
}

export async function runFleetGitBench(rounds = 5): Promise<FleetGitBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-fleet-git-bench-'));
  try {
    const agents = await makeBenchRepo(join(dir, 'uncommitted'), false);
    const withCommits = await makeBenchRepo(join(dir, 'committed'), true);
    const scratch = join(dir, 'scratch');
    mkdirSync(scratch);
    const times: Record<string, number[]> = { check: [], raw: [], checkCommitted: [], rawCommitted: [], diff: [], plain: [] };
    let mergeTreeCalls = 0;
    // The heads the raw calls merge, from one check of each (which also warms the caches).
    const raw = { agents: await checkHeads(agents), withCommits: await checkHeads(withCommits) };
    for (let round = 0; round < rounds; round += 1) {
      times.check!.push(await timed(() => checkThreads(agents.repo, 'main', checked(agents))));
      times.raw!.push(await timed(async () => (mergeTreeCalls = await rawMergeTrees(agents.repo, raw.agents.base, raw.agents.heads))));
      times.checkCommitted!.push(await timed(() => checkThreads(withCommits.repo, 'main', checked(withCommits))));
      times.rawCommitted!.push(await timed(() => rawMergeTrees(withCommits.repo, raw.withCommits.base, raw.withCommits.heads)));
      times.diff!.push(await timed(async () => {
        for (const thread of agents.threads) await threadDiff(thread.worktree, 'main');
      }));
      times.plain!.push(await timed(async () => {
        for (const thread of agents.threads) await plainDiffStat(thread, scratch);
      }));
    }
    return {
      threads: THREADS,
      rounds,
      uncommitted: { mergeCheckMs: median(times.check!), rawMergeTreeMs: median(times.raw!), mergeTreeCalls },
      committed: { mergeCheckMs: median(times.checkCommitted!), rawMergeTreeMs: median(times.rawCommitted!), mergeTreeCalls },
      diffStatMs: median(times.diff!),
      plainDiffStatMs: median(times.plain!),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
