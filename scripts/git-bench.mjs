// `node scripts/git-bench.mjs`: what the fleet's git costs per agent turn and per diff view
// (src-main/git/turn-bench.ts). Figures, not a test.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = mkdtempSync(join(tmpdir(), 'flotilla-git-bench-'));
const outfile = join(outdir, 'turn-bench.cjs');
await build({ entryPoints: [join(root, 'src-main/git/turn-bench.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node22', outfile, logLevel: 'warning' });
const { runTurnBench } = createRequire(import.meta.url)(outfile);
const result = await runTurnBench(Number(process.env.BENCH_RUNS ?? 15));
rmSync(outdir, { recursive: true, force: true });
console.log(`git per turn (checkpoint + diff stat): ${result.turnMedianMs.toFixed(1)} ms median of ${result.runs}`);
console.log(`git per diff view (thread.diff): ${result.diffMedianMs.toFixed(1)} ms median`);
console.log(`one silent git call (update-ref): ${result.silentCallMedianMs.toFixed(1)} ms median`);
console.log(`discard's check of unmerged work: ${result.discardCheckMedianMs.toFixed(1)} ms median`);
