/**
 * The sandbox as the fleet sees it, with real git and real worker processes (the fake worker,
 * which reports the policy it was configured with): the refusal of full auto where no sandbox
 * works, the grants that reach each worker's policy, and thread.setSandbox restarting workers.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import type { SandboxPolicy } from '../../src-shared/protocol/sandbox';
import { ThreadSummarySchema } from '../../src-shared/protocol/thread-events';
import type { SandboxSupport } from '../terminal/sandbox/detect';
import { createFleetFixture, type FleetFixture } from './test-support/fleet-fixture';
import type { FleetService } from './fleet-service';
import { call, threadEvents, waitForThreads } from './test-support/fleet-test-support';
import { sampleSummary } from './test-support/samples';
import { processAlive } from '../terminal/process-group';

const BWRAP: SandboxSupport = { kind: 'bwrap', available: true, problem: null, executable: '/usr/bin/bwrap' };
const MISSING: SandboxSupport = {
  kind: 'none',
  available: false,
  problem: 'bubblewrap (bwrap) is not installed. Install it (Debian/Ubuntu: apt install bubblewrap).',
  executable: null,
};

let fx: FleetFixture;
beforeEach(async () => {
  fx = await createFleetFixture();
});
afterEach(() => fx.cleanup());

function open(support: SandboxSupport, overrides: { forceDemo?: boolean } = {}): Promise<FleetService> {
  return fx.openFleet({ detectSandbox: async () => support, ...overrides });
}

async function waitFor(fleet: FleetService, id: string, test: (t: ThreadSummary) => boolean, what: string): Promise<ThreadSummary> {
  const threads = await waitForThreads(fleet, (ts) => ts.some((t) => t.id === id && test(t)), what);
  return threads.find((t) => t.id === id)!;
}

/** The policy each worker of the thread was configured with, oldest first, with that worker's pid. */
async function workerPolicies(fleet: FleetService, id: string): Promise<{ pid: number; policy: SandboxPolicy | null }[]> {
  const events = await threadEvents(fleet, id);
  const pids = events.flatMap((e) => (e.msg.type === 'ready' ? [e.msg.pid] : []));
  const answers = events.flatMap((e) => (e.msg.type === 'item_completed' && e.msg.item.type === 'assistant_message' ? [e.msg.item.text] : []));
  return answers.map((text, i) => {
    const json = /sandbox=(\S+)/.exec(text)?.[1];
    return { pid: pids[i] ?? -1, policy: json && json !== 'undefined' ? (JSON.parse(json) as SandboxPolicy) : null };
  });
}


async function until(test: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('where no sandbox works', () => {
  it('refuses full auto with a clear error and creates nothing, until the user opts in', async () => {
    const fleet = await open(MISSING);
    const info = await call(fleet, 'app.info', {});
    expect(info.sandbox).toEqual({ kind: 'none', available: false, problem: MISSING.problem, allowUnsandboxed: false });

    const refused = await fleet.handle('task.run', { repoPath: fx.repo, prompt: 'Go', agents: 2, approvalMode: 'full-auto' });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('sandbox_unavailable');
    expect(refused.error.message).toContain('apt install bubblewrap');
    expect(refused.error.message).toContain(`"allowUnsandboxed": true in ${join(fx.dataDir, 'settings.json')}`);
    expect(existsSync(join(fx.dataDir, 'worktrees')) ? readdirSync(join(fx.dataDir, 'worktrees')) : []).toEqual([]);
    expect(await call(fleet, 'threads.list', {})).toEqual([]);

    const status = await call(fleet, 'settings.setAllowUnsandboxed', { allow: true });
    expect(status.allowUnsandboxed).toBe(true);
    expect(JSON.parse(readFileSync(join(fx.dataDir, 'settings.json'), 'utf8'))).toMatchObject({ allowUnsandboxed: true });
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Go', agents: 1, approvalMode: 'full-auto' });
    await waitFor(fleet, run.threads[0]!.id, (t) => t.status === 'done', 'the opted-in agent to finish');
    const [worker] = await workerPolicies(fleet, run.threads[0]!.id);
    expect(worker?.policy?.kind).toBe('none');
  });

  it('defaults to auto-edit even in demo mode, and refuses switching a thread to full auto', async () => {
    const fleet = await open(MISSING, { forceDemo: true });
    expect((await call(fleet, 'app.info', {})).demoMode).toBe(true);
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Go', agents: 1 });
    const thread = run.threads[0]!;
    expect(thread.approvalMode).toBe('auto-edit');
    await waitFor(fleet, thread.id, (t) => t.status === 'done', 'the agent to finish');

    const switched = await fleet.handle('thread.setApprovalMode', { threadId: thread.id, mode: 'full-auto' });
    expect(!switched.ok && switched.error.code).toBe('sandbox_unavailable');
    expect((await call(fleet, 'threads.list', {}))[0]?.approvalMode).toBe('auto-edit');
    await call(fleet, 'thread.setApprovalMode', { threadId: thread.id, mode: 'suggest' });
  });

  it('a sandbox that works keeps full auto the demo default', async () => {
    const fleet = await open(BWRAP, { forceDemo: true });
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Go', agents: 1 });
    expect(run.threads[0]?.approvalMode).toBe('full-auto');
  });
});

describe('grants', () => {
  it("reach the worker's policy: network and the named credential folders; everything else stays hidden", async () => {
    const fleet = await open(BWRAP);
    const grants = { network: true, credentials: ['gh' as const, 'ssh' as const] };
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Go', agents: 1, sandbox: grants });
    const thread = run.threads[0]!;
    expect(thread.sandbox).toEqual({ network: true, credentials: ['ssh', 'gh'] });
    await waitFor(fleet, thread.id, (t) => t.status === 'done', 'the agent to finish');
    const [worker] = await workerPolicies(fleet, thread.id);
    expect(worker?.policy).toMatchObject({
      kind: 'bwrap',
      network: true,
      writableRoots: [thread.worktreePath],
      readOnlyPaths: [join(thread.worktreePath, '.git'), join(fx.repo, '.git')],
    });
    const hidden = worker?.policy?.hiddenPaths ?? [];
    expect(hidden).toContain(fx.dataDir);
    expect(hidden).toContain(join(homedir(), '.aws'));
    expect(hidden).not.toContain(join(homedir(), '.ssh'));
    expect(hidden).not.toContain(join(homedir(), '.config/gh'));
  });

  it('default to none: no network, every credential hidden', async () => {
    const fleet = await open(BWRAP);
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Go', agents: 1 });
    await waitFor(fleet, run.threads[0]!.id, (t) => t.status === 'done', 'the agent to finish');
    const [worker] = await workerPolicies(fleet, run.threads[0]!.id);
    expect(worker?.policy?.network).toBe(false);
    expect(worker?.policy?.hiddenPaths).toContain(join(homedir(), '.ssh'));
  });

  it('older logs without grants load as none', () => {
    const { sandbox: _dropped, ...old } = sampleSummary();
    expect(ThreadSummarySchema.parse(old).sandbox).toEqual({ network: false, credentials: [] });
  });
});

describe('thread.setSandbox', () => {
  it("stops an idle thread's worker now; the next message starts one with the new policy", async () => {
    const fleet = await open(BWRAP);
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Go', agents: 1 });
    const id = run.threads[0]!.id;
    await waitFor(fleet, id, (t) => t.status === 'done', 'the first turn');
    const [first] = await workerPolicies(fleet, id);
    expect(processAlive(first!.pid)).toBe(true);

    const changed = await call(fleet, 'thread.setSandbox', { threadId: id, grants: { network: true, credentials: ['ssh'] } });
    expect(changed).toEqual({ appliesAfterTurn: false });
    await until(() => !processAlive(first!.pid), 'the old worker to exit');
    const summary = await waitFor(fleet, id, (t) => t.sandbox.network, 'the summary to show the grant');
    expect(summary.sandbox).toEqual({ network: true, credentials: ['ssh'] });
    expect(summary.status).toBe('done');

    await call(fleet, 'thread.send', { threadId: id, text: 'Again', mode: 'queue' });
    const workers = await waitForWorkers(fleet, id, 2);
    expect(workers[1]!.pid).not.toBe(first!.pid);
    expect(workers[1]!.policy).toMatchObject({ network: true });
    expect(workers[1]!.policy?.hiddenPaths).not.toContain(join(homedir(), '.ssh'));
  });

  it('on a running thread, applies after its turn: the worker stays until the turn ends', async () => {
    const fleet = await open(BWRAP);
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Work [hold]', agents: 1 });
    const id = run.threads[0]!.id;
    await waitFor(fleet, id, (t) => t.status === 'working', 'the turn to start');
    const events = await threadEvents(fleet, id);
    const pid = events.flatMap((e) => (e.msg.type === 'ready' ? [e.msg.pid] : []))[0]!;

    const changed = await call(fleet, 'thread.setSandbox', { threadId: id, grants: { network: true, credentials: [] } });
    expect(changed).toEqual({ appliesAfterTurn: true });
    expect(processAlive(pid)).toBe(true);
    await call(fleet, 'thread.send', { threadId: id, text: 'finish', mode: 'steer' });
    await waitFor(fleet, id, (t) => t.status === 'done', 'the held turn to finish');
    await until(() => !processAlive(pid), 'the worker to stop after its turn');

    await call(fleet, 'thread.send', { threadId: id, text: 'Next', mode: 'queue' });
    const workers = await waitForWorkers(fleet, id, 2);
    expect(workers[0]?.policy?.network).toBe(false);
    expect(workers[1]?.policy?.network).toBe(true);
  });
});

/** Polls the thread's events until `count` workers have answered (a new worker says nothing the fleet publishes first). */
async function waitForWorkers(fleet: FleetService, id: string, count: number) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const workers = await workerPolicies(fleet, id);
    if (workers.length >= count) return workers;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${count} workers; saw ${workers.length}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
