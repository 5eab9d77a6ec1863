/**
 * Test support for control tests with real workers: a demo model server owned by the test (so
 * its recorded requests outlive a fleet restart), scripts, and process-state checks from /proc.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ThreadSummary } from '../../../src-shared/domain/thread';
import type { ThreadEvent } from '../../../src-shared/protocol/thread-events';
import { startDemoModelServer, type DemoModelServer as DemoServer } from '../../demo/server';
import { parseDemoScript } from '../../demo/script';
import type { StartDemoServer } from '../demo-model';
import type { FleetFixture } from './fleet-fixture';
import type { FleetService } from '../fleet-service';
import { call, threadEvents, waitForThreads } from './fleet-test-support';

export const WORKER = join(dirname(fileURLToPath(import.meta.url)), '../../../dist/main/worker.cjs');

/** A command that runs until the test creates `go` in the worktree: no timing in the test. */
export const WAIT_FOR_GO = 'while [ ! -e go ]; do sleep 0.2; done; echo finished';

export function execStep(cmd: string): unknown {
  return { output: [{ type: 'function_call', name: 'exec_command', arguments: { cmd, yield_time_ms: 600_000 } }] };
}

export function messageStep(text: string, extra: Record<string, unknown> = {}): unknown {
  return { ...extra, output: [{ type: 'message', text }] };
}

/**
 * One demo server for the whole test. A restarted fleet re-registers the default script for a
 * thread it has not seen in its session; the test's scripts must survive that, so only the
 * first registration of a key counts here.
 */
export async function startTestDemoServer(): Promise<{ server: DemoServer; start: StartDemoServer }> {
  const server = await startDemoModelServer();
  const seen = new Set<string>();
  const start: StartDemoServer = async () => ({
    url: server.url,
    registerScript: (key, script, vars) => {
      if (seen.has(key)) return;
      seen.add(key);
      server.registerScript(key, script, vars);
    },
    close: () => undefined,
  });
  return { server, start };
}

export async function runScripted(fleet: FleetService, fx: FleetFixture, name: string, prompt: string, steps: unknown[]): Promise<string> {
  const path = join(fx.scriptsDir, `${name}.json`);
  const script = { name, responses: steps };
  const parsed = parseDemoScript(script, path);
  if (!parsed.ok) throw new Error(parsed.error);
  writeFileSync(path, JSON.stringify(script));
  const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt, agents: 1, demoScript: path });
  return run.threads[0]!.id;
}

export function thread(threads: ThreadSummary[], id: string): ThreadSummary {
  const found = threads.find((t) => t.id === id);
  if (!found) throw new Error(`No thread ${id}`);
  return found;
}

export function waitForThread(fleet: FleetService, id: string, test: (t: ThreadSummary) => boolean, what: string): Promise<ThreadSummary> {
  return waitForThreads(fleet, (ts) => ts.some((t) => t.id === id && test(t)), what, 60_000).then((ts) => thread(ts, id));
}

/** Resolves with the thread's events once one of them satisfies `test`, re-checking on every batch. */
export async function waitForEvent(fleet: FleetService, id: string, test: (e: ThreadEvent) => boolean, what: string): Promise<ThreadEvent[]> {
  let dispose = (): void => undefined;
  try {
    return await new Promise<ThreadEvent[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), 60_000);
      const check = async (): Promise<void> => {
        const events = await threadEvents(fleet, id);
        if (!events.some(test)) return;
        clearTimeout(timer);
        resolve(events);
      };
      dispose = fleet.onEvent(() => void check());
      void check();
    });
  } finally {
    dispose();
  }
}

export const isCommandStart = (e: ThreadEvent): boolean => e.msg.type === 'item_started' && e.msg.item.type === 'command';

export async function workerPid(fleet: FleetService, id: string): Promise<number> {
  const events = await threadEvents(fleet, id);
  const ready = events.filter((e) => e.msg.type === 'ready').pop();
  if (ready?.msg.type !== 'ready') throw new Error(`Thread ${id} has no worker`);
  return ready.msg.pid;
}

interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
}

function procStat(pid: number): ProcStat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return { pid, comm: stat.slice(stat.indexOf('(') + 1, close), state: fields[0] ?? '?', ppid: Number(fields[1]) };
  } catch {
    return null;
  }
}

/** Every live descendant of `root`, from /proc. */
export function descendants(root: number): ProcStat[] {
  const all = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => procStat(Number(entry)) ?? []);
  const found: ProcStat[] = [];
  const parents = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (parents.has(p.ppid) && !parents.has(p.pid)) {
        parents.add(p.pid);
        found.push(p);
        grew = true;
      }
    }
  }
  return found;
}

/** The `sleep` processes under a worker: the running command's own processes. */
export function commandSleeps(worker: number): ProcStat[] {
  return descendants(worker).filter((p) => p.comm === 'sleep');
}

/** Polls a synchronous condition (process states change without any fleet event). */
export async function until(test: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function requestBodies(server: DemoServer, threadId: string): string[] {
  return server.requests.filter((r) => r.promptCacheKey === threadId).map((r) => JSON.stringify(r.body));
}

export function requestCount(server: DemoServer, threadId: string): number {
  return requestBodies(server, threadId).length;
}

/** One task of `agents` threads, each following `steps`; returns their ids in agent order. */
export async function runScriptedTask(fleet: FleetService, fx: FleetFixture, name: string, prompt: string, agents: number, steps: unknown[]): Promise<string[]> {
  const path = join(fx.scriptsDir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ name, responses: steps }));
  const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt, agents, demoScript: path });
  return run.threads.map((t) => t.id);
}
