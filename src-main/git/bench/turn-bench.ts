/**
 * Benchmark harness: what the fleet's git costs per agent turn (a checkpoint and the diff stat,
 * fleet.ts) and per diff view, on a small repository with a small change, so the fixed costs per
 * git process show. Figures only; no thresholds. Run: node scripts/git-bench.mjs
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCheckpoint } from '../checkpoint';
import { snapshotCommit } from '../checkpoint-snapshot';
import { threadDiff } from '../diff';
import { worktreeDiffStat } from '../diff-stat';
import { hasUnmergedWork } from '../discard';
import { runGit } from '../git';
import { createWorktree } from '../worktree';

export interface TurnBenchResult {
  turnMedianMs: number;
  diffMedianMs: number;
  /** One git call that prints nothing (`update-ref`), for the fixed cost per silent command. */
  silentCallMedianMs: number;
  /** discard's "is this work in the base?" for a thread with unmerged work (every check runs). */
  discardCheckMedianMs: number;
  runs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function makeThreadWorktree(dir: string): Promise<string> {
  const repo = join(dir, 'repo');
  mkdirSync(join(repo, 'src'), { recursive: true });
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  for (let f = 0; f < 20; f += 1) writeFileSync(join(repo, 'src', `file-${f}.ts`), `export const v${f} = ${f};\n`);
  git('add', '-A');
  git('-c', 'user.name=Bench', '-c', 'user.email=bench@flotilla.test', 'commit', '-q', '-m', 'base');
  const wt = join(dir, 'wt');
  await createWorktree(repo, wt, 'flotilla/bench', 'main');
  return wt;
}

export async function runTurnBench(runs = 15): Promise<TurnBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-turn-bench-'));
  try {
    const wt = await makeThreadWorktree(dir);
    const turns: number[] = [];
    const diffs: number[] = [];
    const silent: number[] = [];
    const discardChecks: number[] = [];
    for (let turn = 1; turn <= runs; turn += 1) {
      writeFileSync(join(wt, 'src', `file-${turn}.ts`), `export const v${turn} = 'turn ${turn}';\n`);
      turns.push(await timed(async () => {
        await createCheckpoint(wt, 't_bench', turn);
        await worktreeDiffStat(wt, 'main');
      }));
      diffs.push(await timed(() => threadDiff(wt, 'main')));
      silent.push(await timed(() => runGit(wt, ['update-ref', 'refs/flotilla/bench/silent', 'HEAD'])));
      const work = await snapshotCommit(wt, 'bench');
      discardChecks.push(await timed(() => hasUnmergedWork(wt, work.commit, 'main', 't_bench')));
    }
    return {
      turnMedianMs: median(turns),
      diffMedianMs: median(diffs),
      silentCallMedianMs: median(silent),
      discardCheckMedianMs: median(discardChecks),
      runs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
