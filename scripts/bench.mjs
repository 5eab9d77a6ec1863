// `npm run bench`: figures, not a test.
// 1. Parallelism: runs the same demo task headless with 1 agent (the baseline, measured in this
//    run) and with 4 and 8 agents, in interleaved rounds, and prints wall times and their ratio to the baseline. Perfect
//    parallelism would be 1.0x.
// 2. Prompt caching: a 20-step scripted task (commands reading files, patches editing them) run by
//    the in-process agent with its real tools against the demo model; prints cached ÷ input over
//    the whole task and the number of prefix breaks (target: >= 0.9 and 0). Rows: one call per answer; with
//    compaction; three calls per answer (parallel_tool_calls) with an approval-mode change mid-task.
// `--cache-only` runs only the second part; `--stream-only` only the streaming part (bench-stream.mjs).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadHarness } from './bench-harness.mjs';
import { sandboxBench } from './bench-sandbox.mjs';
import { serveBench } from './bench-serve.mjs';
import { sshBench } from './bench-ssh.mjs';
import { streamBench } from './bench-stream.mjs';
import { worktreeBench } from './bench-worktrees.mjs';
import { gitBench } from './git-bench.mjs';
import { loadBench } from './bench-load.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium-args.mjs';

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

function parallelismBench() {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--only', 'node'], { stdio: 'inherit' });
  // Rounds interleave 1, 4 and 8 agents, so a slow spell of the machine lands on every size
  // instead of reordering them.
  const times = { 1: [], 4: [], 8: [] };
  for (let round = 0; round < RUNS; round += 1) {
    for (const agents of [1, 4, 8]) times[agents].push(timeRun(agents));
  }
  const results = Object.fromEntries(Object.entries(times).map(([agents, ms]) => [agents, median(ms)]));
  console.log(`\nDemo task, median of ${RUNS} interleaved rounds (wall time from launch to every agent done):`);
  for (const agents of [1, 4, 8]) {
    const ratio = results[agents] / results[1];
    console.log(`  ${String(agents).padStart(2)} agents: ${results[agents].toFixed(0).padStart(6)} ms   ${ratio.toFixed(2)}x the 1-agent baseline`);
  }
}

async function cacheBench() {
  const { runCacheBench } = await loadHarness('src-main/agent/bench/prompt-cache-bench.ts', 'prompt-cache-bench');
  const rows = [
    ['20 steps', await runCacheBench({ steps: 20 })],
    ['20 steps, 6k-token window (compacts)', await runCacheBench({ steps: 20, compaction: { contextWindow: 6_000, threshold: 0.9 } })],
    ['60 steps, 3 calls per answer, mode change', await runCacheBench({ steps: 60, callsPerAnswer: 3, modeChangeAfterOutputs: 30 })],
  ];
  console.log('\nPrompt caching, scripted task on the demo model (target: ratio >= 0.90, 0 prefix breaks):');
  for (const [name, f] of rows) {
    console.log(
      `  ${name.padEnd(42)} ${String(f.requests).padStart(3)} requests  cached/input ${f.cachedTokens}/${f.inputTokens} = ${f.ratio.toFixed(3)}  prefix breaks: ${f.prefixBreaks}  compactions: ${f.compactions}`,
    );
  }
}

// 3. Review diff: thread.diff's computation for a 20,000-line change over 300 files (the
//    renderer's rendering time is measured separately). `--diff-only` runs only this part.
async function diffBench() {
  const { runDiffBench } = await loadHarness('src-main/git/bench/diff-bench.ts', 'diff-bench');
  const r = await runDiffBench();
  console.log(`
Review diff (worktree snapshot + git diff + parse), ${r.files} files, ${r.lines} changed lines:`);
  console.log(`  median ${r.medianMs.toFixed(0)} ms over ${r.timesMs.length} runs (${r.timesMs.map((t) => t.toFixed(0)).join(', ')} ms)`);
}

// 4. Review diff rendering: the Changes tab on the same size of diff in Chromium (a fake fleet,
//    so this is the renderer's own work): time to the first line, then a scroll through it all.
//    `--render-only` runs only this part.
async function renderBench() {
  const { build } = await import('esbuild');
  const dir = join(root, 'node_modules', '.cache', 'flotilla-bench', 'render');
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: { bench: join(root, 'src-renderer/bench/diff-render-bench.tsx') },
    outdir: dir,
    bundle: true,
    // A classic script: Chromium refuses module scripts from file:// URLs.
    format: 'iife',
    target: 'chrome120',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.css': 'css' },
    minify: true,
    logLevel: 'warning',
  });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><link rel="stylesheet" href="bench.css"><div id="root" style="height:900px;display:flex"></div><script src="bench.js"></script>');
  const { chromium } = createRequire(import.meta.url)('@playwright/test');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`file://${join(dir, 'index.html')}`);
    await page.waitForFunction(() => 'flotillaDiffBench' in window);
    const f = await page.evaluate(() => window.flotillaDiffBench());
    console.log(`\nReview diff rendering in Chromium, ${f.files} files, ${f.lines} lines (virtualized: ${f.rowsInDom} rows in the DOM):`);
    console.log(`  first line on screen ${f.firstLineMs.toFixed(0)} ms; scroll steps median ${f.scrollStepMedianMs.toFixed(0)} ms, max ${f.scrollStepMaxMs.toFixed(0)} ms (2 frames each); ${f.longTasks} long tasks, longest ${f.longestTaskMs.toFixed(0)} ms`);
  } finally {
    await browser.close();
  }
}

if (process.argv.includes('--stream-only')) {
  await streamBench();
} else if (process.argv.includes('--render-only')) {
  await renderBench();
} else if (process.argv.includes('--serve-only')) {
  // 5. `serve` to an interactive dashboard against a same-size static page, and the bundle's size: scripts/bench-serve.mjs.
  await serveBench();
} else if (process.argv.includes('--git-only')) {
  // 5. The fleet's git against plain git (scripts/git-bench.mjs).
  await gitBench();
} else if (process.argv.includes('--diff-only')) {
  await diffBench();
} else if (process.argv.includes('--ssh-only')) {
  await sshBench();
} else if (process.argv.includes('--load-only')) {
  // 7. The dashboard in Chromium while 8, then 32 agents stream, against it idle (scripts/bench-load.mjs).
  await loadBench();
} else if (process.argv.includes('--worktrees-only')) {
  // 6. Worktree creation through Flotilla against plain git (scripts/bench-worktrees.mjs).
  await worktreeBench();
} else {
  if (!process.argv.includes('--cache-only')) parallelismBench();
  await cacheBench();
  if (!process.argv.includes('--cache-only')) await diffBench();
  if (!process.argv.includes('--cache-only')) await sandboxBench();
  if (!process.argv.includes('--cache-only')) await renderBench();
  if (!process.argv.includes('--cache-only')) await serveBench();
  if (!process.argv.includes('--cache-only')) await streamBench();
  if (!process.argv.includes('--cache-only')) await gitBench();
  if (!process.argv.includes('--cache-only')) await worktreeBench();
  if (!process.argv.includes('--cache-only')) await sshBench();
  if (!process.argv.includes('--cache-only')) await loadBench();
}
