// `npm run bench`: how well Flotilla runs agents in parallel. Runs the same demo task headless
// with 1 agent (the baseline, measured in this run) and with 4 and 8 agents, and prints wall
// times and their ratio to the baseline. Perfect parallelism would be 1.0x; figures, not a test.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/main/cli.cjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function makeRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-bench-repo-'));
  const git = (...args) => execFileSync('git', args, { cwd: dir });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README.md'), '# Bench\n');
  git('add', '-A');
  git('-c', 'user.email=bench@flotilla.test', '-c', 'user.name=Bench', 'commit', '-q', '-m', 'init');
  return dir;
}

function timeRun(agents) {
  const repo = makeRepo();
  const home = mkdtempSync(join(tmpdir(), 'flotilla-bench-home-'));
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [cli, 'run', '--repo', repo, '--demo', '--agents', String(agents), 'Add a note'], {
    env: { ...process.env, FLOTILLA_HOME: home },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(repo, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`flotilla run --agents ${agents} failed:\n${result.stdout}\n${result.stderr}`);
  return ms;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--only', 'node'], { stdio: 'inherit' });
const results = {};
for (const agents of [1, 4, 8]) {
  results[agents] = median(Array.from({ length: RUNS }, () => timeRun(agents)));
}
console.log(`\nDemo task, median of ${RUNS} runs (wall time from launch to every agent done):`);
for (const agents of [1, 4, 8]) {
  const ratio = results[agents] / results[1];
  console.log(`  ${String(agents).padStart(2)} agents: ${results[agents].toFixed(0).padStart(6)} ms   ${ratio.toFixed(2)}x the 1-agent baseline`);
}
