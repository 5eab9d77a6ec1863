// Streaming cost (part of `npm run bench`; runs alone as `node scripts/bench-stream.mjs`): the
// real fleet in-process runs 8 demo agents with real workers against the demo model, once with
// coalescing and compaction off (the baseline: every delta its own event, kept for ever) and once
// on, rounds interleaved, medians; then 16 agents for the fleet's memory. Each run is a fresh
// Node process, so one run's heap does not count in the next.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleHarness } from './bench-harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.BENCH_STREAM_ROUNDS ?? 3);
const MODES = {
  before: { coalesce: false, compact: false },
  after: { coalesce: true, compact: true },
};

function measure(harness, agents, streaming) {
  const options = JSON.stringify({ agents, streaming, workerEntry: join(root, 'dist/main/worker.cjs') });
  const code = `require(${JSON.stringify(harness)}).main(process.argv.slice(1)).catch((e) => { console.error(e); process.exit(1); })`;
  const out = execFileSync(process.execPath, ['--expose-gc', '-e', code, options], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The four figures of one run. */
function figures(f) {
  return {
    bytesPerChar: f.wireBytes / f.streamedChars,
    messagesPerSec: f.messages / (f.wallMs / 1000),
    eventsPerSec: f.events / (f.wallMs / 1000),
    logBytes: f.logBytesPerThread,
    logLines: f.logLinesPerThread,
    streamedChars: f.streamedChars,
    heapMb: f.heapBytes / 1e6,
    eventsInMemory: f.eventsInMemory,
  };
}

function medians(runs) {
  const keys = Object.keys(runs[0]);
  return Object.fromEntries(keys.map((key) => [key, median(runs.map((r) => r[key]))]));
}

export async function streamBench() {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--only', 'node'], { stdio: 'inherit' });
  const harness = await bundleHarness('src-main/fleet/bench/stream-bench.ts', 'stream-bench');
  const runs = { before: { 8: [], 16: [] }, after: { 8: [], 16: [] } };
  // Interleaved: a slow spell of the machine lands on both modes instead of favouring one.
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const agents of [8, 16]) {
      for (const mode of ['before', 'after']) runs[mode][agents].push(figures(measure(harness, agents, MODES[mode])));
    }
  }
  const m = { before: { 8: medians(runs.before[8]), 16: medians(runs.before[16]) }, after: { 8: medians(runs.after[8]), 16: medians(runs.after[16]) } };
  const row = (name, unit, pick, digits = 1) => {
    const b = pick(m.before);
    const a = pick(m.after);
    console.log(`  ${name.padEnd(36)} before ${b.toFixed(digits).padStart(10)}   after ${a.toFixed(digits).padStart(10)} ${unit.padEnd(6)} ${(a / b).toFixed(2)}x`);
  };
  console.log(`\nStreaming, 8 demo agents (16 for memory), the fleet's coalescing + compaction off (before) and on (after), median of ${ROUNDS} interleaved rounds:`);
  console.log("  (in both, each worker already sends an item's streamed text at most once per 50 ms: src-main/agent/delta-coalescing-port.ts)");
  row('wire bytes per streamed character', 'B', (x) => x[8].bytesPerChar, 2);
  row('messages per second, 8 agents', 'msg/s', (x) => x[8].messagesPerSec);
  row('events per second, 8 agents', 'ev/s', (x) => x[8].eventsPerSec);
  row('log bytes per thread', 'B', (x) => x[8].logBytes, 0);
  row('log lines per thread', '', (x) => x[8].logLines, 0);
  row('server heap at 16 threads (all done)', 'MB', (x) => x[16].heapMb, 2);
  row('events held in memory, 16 threads', '', (x) => x[16].eventsInMemory, 0);
  console.log(`  (streamed characters per 8-agent run: ${m.after[8].streamedChars.toFixed(0)})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await streamBench();
