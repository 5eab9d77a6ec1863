// The sandbox's cost per command (part of `npm run bench`; runs alone as
// `node scripts/bench-sandbox.mjs`): the same commands through a bwrap-wrapped shell and an
// unwrapped one, rounds interleaved, medians and their ratio, in one run.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.BENCH_SANDBOX_ROUNDS ?? 200);

export async function sandboxBench() {
  const { build } = await import('esbuild');
  const dir = join(root, 'node_modules', '.cache', 'flotilla-bench');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'sandbox-bench.cjs');
  await build({
    entryPoints: [join(root, 'src-main/terminal/sandbox/bench/sandbox-bench.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile,
    external: ['node-pty'],
    logLevel: 'warning',
  });
  const { runSandboxBench } = createRequire(import.meta.url)(outfile);
  const { rounds, rows } = await runSandboxBench({ rounds: ROUNDS });
  console.log(`\nSandbox cost (bwrap vs unwrapped PtyShell, median of ${rounds} interleaved rounds; shell starts: 20):`);
  for (const r of rows) {
    console.log(`  ${r.name.padEnd(50)} unwrapped ${r.plainMs.toFixed(2).padStart(7)} ms   bwrap ${r.sandboxedMs.toFixed(2).padStart(7)} ms   ${r.ratio.toFixed(2)}x`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await sandboxBench();
