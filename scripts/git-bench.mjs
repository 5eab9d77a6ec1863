// The fleet's git, figures not a test. `node scripts/git-bench.mjs`, or `npm run bench -- --git-only`.
// 1. Against plain git, 8 threads, rounds interleaved, medians (src-main/git/bench/fleet-git-bench.ts):
//    Flotilla's merge --check against the raw `git merge-tree --write-tree` calls it needs, and
//    Flotilla's diff --stat (thread.diff) against plain git computing the same stat.
// 2. What git costs per agent turn and per diff view (src-main/git/bench/turn-bench.ts).
import { fileURLToPath } from 'node:url';
import { loadHarness } from './bench-harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const load = (entry, name) => loadHarness(entry, `git-bench-${name}`);

const ratio = (ms, baseline) => `${(ms / baseline).toFixed(2)}x`;

export async function gitBench() {
  const { runFleetGitBench } = await load('src-main/git/bench/fleet-git-bench.ts', 'fleet');
  // At least 3 rounds, whatever BENCH_RUNS says, so the medians mean something.
  const f = await runFleetGitBench(Math.max(3, RUNS));
  console.log(`\nGit for ${f.threads} threads against plain git, median of ${f.rounds} interleaved rounds (targets: <= 2x and <= 1.5x):`);
  for (const [name, c] of [['agents\' uncommitted work', f.uncommitted], ['threads with commits', f.committed]]) {
    console.log(`  merge --check, ${name.padEnd(24)} ${c.mergeCheckMs.toFixed(0).padStart(6)} ms   raw merge-tree x${c.mergeTreeCalls} ${c.rawMergeTreeMs.toFixed(0).padStart(6)} ms   ${ratio(c.mergeCheckMs, c.rawMergeTreeMs)}`);
  }
  console.log(`  diff --stat, ${'thread.diff of each'.padEnd(26)} ${f.diffStatMs.toFixed(0).padStart(6)} ms   plain git          ${f.plainDiffStatMs.toFixed(0).padStart(6)} ms   ${ratio(f.diffStatMs, f.plainDiffStatMs)}`);
  const { runTurnBench } = await load('src-main/git/bench/turn-bench.ts', 'turn');
  const t = await runTurnBench(Number(process.env.BENCH_RUNS ?? 15));
  console.log(`Git per agent turn (checkpoint + diff stat) ${t.turnMedianMs.toFixed(1)} ms, per diff view ${t.diffMedianMs.toFixed(1)} ms, per silent call ${t.silentCallMedianMs.toFixed(1)} ms, discard's check ${t.discardCheckMedianMs.toFixed(1)} ms (medians of ${t.runs})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await gitBench();
