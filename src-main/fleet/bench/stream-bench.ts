/**
 * The streaming benchmark behind `npm run bench` (scripts/bench-stream.mjs runs it, one fresh
 * process per measurement): the real fleet, in-process, runs one demo task with real workers
 * against the demo model, and everything it pushes to a client is measured as the WebSocket
 * would carry it. Streaming on or off is the fleet's own option, so both run the same code.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientEvent, WireServerMessage } from '../../../src-shared/protocol/api';
import type { ThreadSummary } from '../../../src-shared/domain/thread';
import type { ThreadEvent } from '../../../src-shared/protocol/thread-events';
import { isTerminalStatus } from '../../../src-shared/domain/thread';
import { demoScriptsDir } from '../demo-script-source';
import { createFleet } from '../fleet';
import { threadsDir } from '../thread';
import { spawnNodeWorker } from '../thread';
import type { StreamingOptions } from '../thread';

export interface StreamBenchOptions {
  agents: number;
  streaming: StreamingOptions;
  /** The built worker bundle (dist/main/worker.cjs). */
  workerEntry: string;
}

export interface StreamFigures {
  agents: number;
  wallMs: number;
  /** WebSocket messages (one per batch) and the thread events they carried. */
  messages: number;
  events: number;
  deltaEvents: number;
  wireBytes: number;
  /** Text and output of the items the agents streamed, as their completed items hold it. */
  streamedChars: number;
  logBytesPerThread: number;
  logLinesPerThread: number;
  /** The fleet process's heap once every thread is done, after a GC, above what it was before the fleet. */
  heapBytes: number;
  /** Events the fleet holds in memory for clients, summed over threads (paged from thread.events). */
  eventsInMemory: number;
}

function makeRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-stream-bench-repo-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README.md'), '# Bench\n');
  git('add', '-A');
  git('-c', 'user.email=bench@flotilla.test', '-c', 'user.name=Bench', 'commit', '-q', '-m', 'init');
  return dir;
}

/** Steps of the scripted task, each streaming reasoning, a message and a command's output. */
const STEPS = 5;

const SENTENCE = 'The agent reads the module, weighs the change against its callers and explains what it will do next. ';

/**
 * A task that streams like a working agent: per step, reasoning and a message of about 1,500
 * characters each and a command whose output streams (about 4,000 characters), then a short
 * answer. Ten-character deltas, as the bundled scripts use.
 */
function streamingScript(steps: number): object {
  const text = (chars: number) => SENTENCE.repeat(Math.ceil(chars / SENTENCE.length)).slice(0, chars);
  const step = (i: number) => ({
    chunkSize: 10,
    delayMs: 2,
    output: [
      { type: 'reasoning', text: text(1_500) },
      { type: 'message', text: `Step ${i}: ${text(1_500)}` },
      { type: 'function_call', name: 'exec_command', arguments: { cmd: 'seq 1 900', yield_time_ms: 10_000 } },
    ],
  });
  const work = Array.from({ length: steps }, (_, i) => step(i + 1));
  return { name: 'stream-bench', responses: [...work, { chunkSize: 10, delayMs: 2, output: [{ type: 'message', text: text(600) }] }] };
}

function heapNow(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/** What a client gets: counted as the WebSocket's JSON text. */
class WireMeter {
  messages = 0;
  events = 0;
  deltaEvents = 0;
  bytes = 0;
  streamedChars = 0;
  readonly summaries = new Map<string, ThreadSummary>();

  onBatch(event: ClientEvent): void {
    const message: WireServerMessage = { kind: 'event', event };
    this.messages += 1;
    this.bytes += Buffer.byteLength(JSON.stringify(message));
    this.events += event.events.length;
    for (const e of event.events) this.count(e);
    for (const summary of event.threads) this.summaries.set(summary.id, summary);
  }

  private count(event: ThreadEvent): void {
    const msg = event.msg;
    if (msg.type === 'item_delta') this.deltaEvents += 1;
    if (msg.type !== 'item_completed') return;
    const item = msg.item;
    if (item.type === 'assistant_message' || item.type === 'reasoning') this.streamedChars += item.text.length;
    if (item.type === 'command') this.streamedChars += item.output.length;
  }
}

export async function runStreamBench(options: StreamBenchOptions): Promise<StreamFigures> {
  const repo = makeRepo();
  const dataDir = mkdtempSync(join(tmpdir(), 'flotilla-stream-bench-home-'));
  const quiet = { warn: () => undefined, error: (message: string) => process.stderr.write(`${message}\n`) };
  try {
    mkdirSync(demoScriptsDir(dataDir), { recursive: true });
    writeFileSync(join(demoScriptsDir(dataDir), 'stream-bench.json'), JSON.stringify(streamingScript(STEPS)));
    const heapBefore = heapNow();
    const fleet = await createFleet({
      dataDir,
      workerEntry: options.workerEntry,
      spawnWorker: spawnNodeWorker,
      forceDemo: true,
      initialRepo: null,
      version: 'bench',
      pickFolder: null,
      logger: quiet,
      streaming: options.streaming,
    });
    const meter = new WireMeter();
    let wake: () => void = () => undefined;
    fleet.onEvent((event) => {
      meter.onBatch(event);
      wake();
    });
    const started = performance.now();
    const run = await fleet.handle('task.run', { repoPath: repo, prompt: 'Stream a lot', agents: options.agents, demoScript: 'stream-bench.json' });
    if (!run.ok) throw new Error(`task.run failed: ${run.error.message}`);
    const ids = (run.value as { threads: ThreadSummary[] }).threads.map((t) => t.id);
    const finished = () => ids.every((id) => meter.summaries.get(id)?.diffStat && isTerminalStatus(meter.summaries.get(id)!.status));
    while (!finished()) await new Promise<void>((resolve) => (wake = resolve));
    const wallMs = performance.now() - started;
    const eventsInMemory = await countEvents(fleet.handle, ids);
    const heapBytes = heapNow() - heapBefore;
    await fleet.dispose();
    const logs = readdirSync(threadsDir(dataDir)).filter((name) => name.endsWith('.jsonl'));
    const logBytes = logs.reduce((sum, name) => sum + statSync(join(threadsDir(dataDir), name)).size, 0);
    const logLines = logs.reduce((sum, name) => sum + readFileSync(join(threadsDir(dataDir), name), 'utf8').split('\n').length - 1, 0);
    return {
      agents: options.agents,
      wallMs,
      messages: meter.messages,
      events: meter.events,
      deltaEvents: meter.deltaEvents,
      wireBytes: meter.bytes,
      streamedChars: meter.streamedChars,
      logBytesPerThread: logBytes / logs.length,
      logLinesPerThread: logLines / logs.length,
      heapBytes,
      eventsInMemory,
    };
  } finally {
    rmSync(repo, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function countEvents(handle: (command: string, params: unknown) => Promise<{ ok: boolean; value?: unknown }>, ids: string[]): Promise<number> {
  let total = 0;
  for (const threadId of ids) {
    let afterSeq = 0;
    for (;;) {
      const page = await handle('thread.events', { threadId, afterSeq });
      const value = page.value as { events: ThreadEvent[]; hasMore: boolean; nextAfterSeq: number };
      total += value.events.length;
      if (!value.hasMore) break;
      afterSeq = value.nextAfterSeq;
    }
  }
  return total;
}

/** Run as a script: `node --expose-gc stream-bench.cjs '{"agents":8,...}'` prints the figures as JSON. */
export async function main(argv: string[]): Promise<void> {
  const options = JSON.parse(argv[0] ?? '{}') as StreamBenchOptions;
  process.stdout.write(`${JSON.stringify(await runStreamBench(options))}\n`);
}
