// Worktree creation (part of `npm run bench`; `--worktrees-only` runs only this, or
// `node scripts/bench-worktrees.mjs`): 8 worktrees of a generated 20,000-file repository made
// through Flotilla's task.run and with plain `git worktree add`, rounds interleaved, medians and
// their ratio (target: <= 1.2x); and the dashboard's threads.list timed while Flotilla makes them.
import { pathToFileURL } from 'node:url';
import { loadHarness } from './bench-harness.mjs';

const ROUNDS = Number(process.env.BENCH_WORKTREE_ROUNDS ?? 5);
const TARGET_RATIO = 1.2;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function worktreeBench() {
  const { runWorktreeBench } = await loadHarness('src-main/fleet/bench/worktree-bench.ts', 'worktree-bench');
  const f = await runWorktreeBench({ files: 20_000, agents: 8, rounds: ROUNDS });
  const git = median(f.gitMs);
  const flotilla = median(f.flotillaMs);
  const ratio = flotilla / git;
  console.log(`\nWorktree creation, ${f.agents} worktrees of a ${f.files}-file repository, median of ${ROUNDS} interleaved rounds:`);
  console.log(`  plain git worktree add: ${git.toFixed(0).padStart(6)} ms   (${f.gitMs.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`  Flotilla task.run:      ${flotilla.toFixed(0).padStart(6)} ms   (${f.flotillaMs.map((t) => t.toFixed(0)).join(', ')})   ${ratio.toFixed(2)}x plain git (target <= ${TARGET_RATIO}x)${ratio <= TARGET_RATIO ? '' : '  OVER TARGET'}`);
  console.log(`  of which every worktree checked out: median ${median(f.checkedOutMs).toFixed(0)} ms (${f.checkedOutMs.map((t) => t.toFixed(0)).join(', ')}); the rest is copies, ports and the agents' start`);
  console.log(`  task.run answered in median ${median(f.answerMs).toFixed(0)} ms; threads.list while creating: median ${median(f.listMs).toFixed(1)} ms, max ${Math.max(...f.listMs).toFixed(1)} ms over ${f.listMs.length} requests`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await worktreeBench();
