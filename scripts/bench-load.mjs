// `npm run bench` part (`--load-only` runs only this; `--load-sizes 8` picks the sizes): the
// dashboard's responsiveness in Chromium against `flotilla serve --demo` while 8, then 32 demo
// agents stream (text at ~50 tokens/s each, and a command printing ~20 lines/s to its terminal),
// against the same dashboard idle (the same cards, every agent done), measured in the same run.
//
// Input latency: Playwright clicks a header button (Select… / Cancel, which re-renders every card)
// and types into the task prompt; the page times each from the input event's timeStamp to the
// frame after it (a rAF, then a message posted from it, which runs after that frame's paint was
// committed). Also: frames over 50 ms (rAF gaps), long tasks (PerformanceObserver 'longtask'), and
// the renderer's JS heap and DOM size (CDP Performance.getMetrics), and how busy the machine's cores were
// (/proc/stat) over the window. Figures, never a failure.
// `--load-profile` also traces the streaming window and prints the renderer main thread's time by
// trace event, wall and CPU: on a 2-core machine the long tasks are mostly the thread waiting for a
// core (wall far above CPU), not work.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INSTRUMENT, loadScript, SAMPLES } from './bench-load-page.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium-args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LISTENING = /Flotilla is listening on (http:\/\/\S+)/;
const SERVE_SETTLED = /^(Agents run in|No sandbox works here)/m;
const TARGETS = { 8: { p95: 50, ratio: 2, longTask: 100 }, 32: { p95: 100 } };

function makeRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-bench-load-repo-'));
  const git = (...args) => execFileSync('git', args, { cwd: dir });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README.md'), '# Bench\n');
  git('add', '-A');
  git('-c', 'user.email=bench@flotilla.test', '-c', 'user.name=Bench', 'commit', '-q', '-m', 'init');
  return dir;
}

function startServer(repo, home) {
  const args = [join(root, 'dist/main/cli.cjs'), 'serve', '--demo', '--port', '0', '--repo', repo];
  const child = spawn(process.execPath, args, { env: { ...process.env, FLOTILLA_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match && SERVE_SETTLED.test(output)) {
        const exited = new Promise((done) => child.once('exit', done));
        resolve({ url: match[1], stop: () => (child.exitCode === null && child.kill('SIGTERM'), exited) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`flotilla serve exited (${code}) before listening:\n${output}`)));
  });
}

/** The machine's CPU time so far (Linux /proc/stat, in ticks), or null elsewhere. */
function machineCpu() {
  if (!existsSync('/proc/stat')) return null;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { busy: user + nice + system + irq + softirq + steal, kernel: system + irq + softirq, total: user + nice + system + idle + iowait + irq + softirq + steal };
}

/** How busy every core was between two readings, and how much of it was the kernel's. */
function cpuShare(before, after) {
  if (!before || !after || after.total === before.total) return null;
  const total = after.total - before.total;
  return { busy: (after.busy - before.busy) / total, kernel: (after.kernel - before.kernel) / total };
}

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** One input and the page's record of it: clicks toggle selection mode, keys type and erase a letter. */
async function input(page, kind, i) {
  const before = await page.evaluate(() => window.__bench.latencies.length);
  if (kind === 'click') {
    const selecting = i % 2 === 1;
    await (selecting ? page.locator('.selection-bar button', { hasText: 'Cancel' }) : page.getByTestId('select-mode-button')).click();
  } else {
    await page.keyboard.press(i % 2 === 0 ? 'x' : 'Backspace');
  }
  await page.waitForFunction((n) => window.__bench.latencies.length > n, before);
  // A human's pace, varied so inputs do not lock onto the fleet's batch period.
  await page.waitForTimeout(40 + ((i * 37) % 60));
}

/** SAMPLES clicks and SAMPLES keystrokes, interleaved, with frames and long tasks over the same window. */
async function measureWindow(page, cdp) {
  await page.getByTestId('task-prompt').fill('');
  await page.evaluate(() => window.__bench.begin());
  const cpuBefore = machineCpu();
  for (let i = 0; i < SAMPLES; i++) {
    await input(page, 'click', i);
    await page.getByTestId('task-prompt').focus();
    await input(page, 'key', i);
  }
  const w = await page.evaluate(() => window.__bench.end());
  const cpu = cpuShare(cpuBefore, machineCpu());
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const of = (type) => w.latencies.filter((l) => l.type === type).map((l) => l.ms);
  return {
    click: { p50: percentile(of('click'), 50), p95: percentile(of('click'), 95) },
    key: { p50: percentile(of('keydown'), 50), p95: percentile(of('keydown'), 95) },
    all: { p50: percentile(w.latencies.map((l) => l.ms), 50), p95: percentile(w.latencies.map((l) => l.ms), 95) },
    frames: w.frames,
    slowFrames: w.slowFrames,
    longTasks: w.longTasks.length,
    longestTask: Math.max(0, ...w.longTasks),
    heapMb: metrics.JSHeapUsedSize / 1e6,
    nodes: metrics.Nodes,
    seconds: w.ms / 1000,
    cpu,
    working: await page.locator('[data-testid=thread-card][data-status=working]').count(),
  };
}

async function measureSize(browser, agents) {
  const repo = makeRepo();
  const home = mkdtempSync(join(tmpdir(), 'flotilla-bench-load-home-'));
  mkdirSync(join(home, 'demo-scripts'));
  const scriptPath = join(home, 'demo-scripts', 'load.json');
  writeFileSync(scriptPath, JSON.stringify(loadScript()));
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ maxAgents: Math.max(64, agents) }));
  const server = await startServer(repo, home);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    // A loaded 2-core machine can hold a click for many seconds: slow is a figure, not a failure.
    page.setDefaultTimeout(180_000);
    await page.addInitScript(INSTRUMENT);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${server.url}&demoScript=${encodeURIComponent(scriptPath)}`);
    await page.getByTestId('repo-name').waitFor({ timeout: 60_000 });
    await page.getByTestId('task-prompt').fill('Load the dashboard');
    await page.getByTestId('agent-count').fill(String(agents));
    await page.getByTestId('run-button').click();
    // Under load once every agent is working and its card shows streamed text.
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=thread-card][data-status=working] .card-tail-text, [data-testid=thread-card][data-status=working] .card-tail pre').length >= n,
      agents,
      { timeout: 300_000, polling: 500 },
    );
    const tracePath = join(tmpdir(), `flotilla-load-${agents}.trace.json`);
    if (PROFILE) await browser.startTracing(page, { path: tracePath, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    const load = await measureWindow(page, cdp);
    if (PROFILE) printTrace(await browser.stopTracing(), tracePath);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=thread-card][data-status=done]').length === n, agents, {
      timeout: 600_000,
      polling: 1000,
    });
    await cdp.send('HeapProfiler.collectGarbage');
    const idle = await measureWindow(page, cdp);
    return { agents, load, idle };
  } finally {
    await context.close();
    await server.stop();
    rmSync(repo, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
}

/** `--load-profile`: a CPU profile of the streaming window, saved, and its top functions by self time. */
const PROFILE = process.argv.includes('--load-profile');

/** Main-thread time of the renderer by trace event (self time: children subtracted), top 20. */
function printTrace(buffer, file) {
  const { traceEvents } = JSON.parse(buffer.toString());
  const main = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const events = traceEvents.filter((e) => e.ph === 'X' && main && e.pid === main.pid && e.tid === main.tid).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map();
  const stack = [];
  for (const e of events) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur / 1000);
    self.set(e.name, (self.get(e.name) ?? 0) + e.dur / 1000);
    stack.push(e);
  }
  const long = events.filter((e) => e.name === 'RunTask' && e.dur > 50_000);
  const sum = (values) => values.reduce((a, b) => a + b, 0) / 1000;
  console.log(`\nRenderer main thread during the streaming window (trace: ${file}):`);
  console.log(`  ${long.length} tasks over 50 ms: ${sum(long.map((e) => e.dur)).toFixed(0)} ms wall, ${sum(long.map((e) => e.tdur ?? 0)).toFixed(0)} ms on a CPU`);
  const tasks = events.filter((e) => e.name === 'RunTask');
  const span = tasks.length ? (Math.max(...tasks.map((e) => e.ts + e.dur)) - tasks[0].ts) / 1e6 : 0;
  const cpu = sum(tasks.map((e) => e.tdur ?? 0));
  console.log(`  all tasks: ${sum(tasks.map((e) => e.dur)).toFixed(0)} ms wall, ${cpu.toFixed(0)} ms on a CPU over ${span.toFixed(1)} s (${(cpu / 10 / Math.max(span, 0.001)).toFixed(1)}% of a core)`);
  const rendering = ['Paint', 'Layerize', 'Commit', 'Layout', 'UpdateLayoutTree', 'PrePaint', 'FunctionCall'];
  console.log(`  CPU by kind: ${rendering.map((name) => `${name} ${sum(events.filter((e) => e.name === name).map((e) => e.tdur ?? 0)).toFixed(0)} ms`).join(', ')}`);
  console.log('  self time by event (wall):');
  for (const [name, t] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${t.toFixed(0).padStart(6)} ms  ${name}`);
}

const ms = (v) => `${v.toFixed(0).padStart(4)} ms`;

function print(r) {
  const t = TARGETS[r.agents];
  console.log(`\n${r.agents} agents streaming vs the same dashboard idle (${SAMPLES} clicks + ${SAMPLES} keystrokes each):`);
  for (const [name, f] of [['idle', r.idle], ['streaming', r.load]]) {
    console.log(
      `  ${name.padEnd(10)} click p50 ${ms(f.click.p50)} p95 ${ms(f.click.p95)} | key p50 ${ms(f.key.p50)} p95 ${ms(f.key.p95)} | all p95 ${ms(f.all.p95)} | ` +
        `frames >50 ms ${f.slowFrames}/${f.frames} | long tasks ${f.longTasks}, longest ${ms(f.longestTask)} | heap ${f.heapMb.toFixed(1)} MB, ${f.nodes} DOM nodes` +
        (f.cpu ? ` | machine CPU ${(f.cpu.busy * 100).toFixed(0)}% busy (kernel ${(f.cpu.kernel * 100).toFixed(0)}%)` : '') +
        (name === 'streaming' ? ` | ${f.working}/${r.agents} still working at the end of ${f.seconds.toFixed(1)} s` : ''),
    );
  }
  const ratio = r.load.all.p95 / Math.max(1, r.idle.all.p95);
  const verdicts = [`p95 ${r.load.all.p95.toFixed(0)} ms (target ${t.p95 === 50 ? '<=' : '<'} ${t.p95})`];
  if (t.ratio) verdicts.push(`${ratio.toFixed(2)}x idle (target <= ${t.ratio}x)`);
  if (t.longTask) verdicts.push(`longest task ${r.load.longestTask.toFixed(0)} ms (target <= ${t.longTask})`);
  console.log(`  targets: ${verdicts.join('; ')}`);
}

const sizesArg = process.argv.indexOf('--load-sizes');
const SIZES = sizesArg > 0 ? process.argv[sizesArg + 1].split(',').map(Number) : [8, 32];

export async function loadBench({ sizes = SIZES } = {}) {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  const { chromium } = createRequire(import.meta.url)('@playwright/test');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    for (const agents of sizes) {
      try {
        print(await measureSize(browser, agents));
      } catch (error) {
        console.log(`\n${agents} agents: not measured (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
      }
    }
  } finally {
    await browser.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await loadBench();
