// The sandbox's cost per command (part of `npm run bench`; runs alone as
// `node scripts/bench-sandbox.mjs`): the same commands through a bwrap-wrapped shell and an
// unwrapped one, rounds interleaved, medians and their ratio, in one run.
import { fileURLToPath } from 'node:url';
import { loadHarness } from './bench-harness.mjs';

const ROUNDS = Number(process.env.BENCH_SANDBOX_ROUNDS ?? 200);

export async function sandboxBench() {
  const { runSandboxBench } = await loadHarness('src-main/terminal/sandbox/bench/sandbox-bench.ts', 'sandbox-bench');
  const { rounds, rows } = await runSandboxBench({ rounds: ROUNDS });
  console.log(`\nSandbox cost (bwrap vs unwrapped PtyShell, median of ${rounds} interleaved rounds; shell starts: 20):`);
  for (const r of rows) {
    console.log(`  ${r.name.padEnd(50)} unwrapped ${r.plainMs.toFixed(2).padStart(7)} ms   bwrap ${r.sandboxedMs.toFixed(2).padStart(7)} ms   ${r.ratio.toFixed(2)}x`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await sandboxBench();
