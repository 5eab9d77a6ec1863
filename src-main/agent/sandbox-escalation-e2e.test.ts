/**
 * "Run again outside the sandbox" end to end: the fleet forks the real worker against the demo
 * model; the scripted command fails the way a sandbox denial does (it prints "Read-only file
 * system" and exits 1 the first time, so the test holds with or without a real bwrap around the
 * shell) and, run again, writes a file outside the worktree. Each run prints its shell's pid, so
 * the test sees that the rerun happened in another shell.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalMode } from '../../src-shared/protocol/agent';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import type { ThreadEvent } from '../../src-shared/protocol/thread-events';
import type { DemoScript } from '../demo/script';
import { type DemoModelServer, startDemoModelServer } from '../demo/server';
import { WORKER } from '../fleet/test-support/fleet-control-support';
import { createFleetFixture, type FleetFixture, writeSettings } from '../fleet/test-support/fleet-fixture';
import type { FleetService } from '../fleet/fleet-service';
import { call, threadEvents, waitForThreads } from '../fleet/test-support/fleet-test-support';
import type { SandboxSupport } from '../terminal/sandbox/detect';
import { DENIED_OUTPUT } from './approvals';
import { APPROVED_OUTSIDE_NOTE } from './tools/exec-escalation';

const BWRAP: SandboxSupport = { kind: 'bwrap', available: true, problem: null, executable: '/usr/bin/bwrap' };
const MISSING: SandboxSupport = { kind: 'none', available: false, problem: 'bubblewrap (bwrap) is not installed.', executable: null };

let server: DemoModelServer;
beforeAll(async () => {
  server = await startDemoModelServer();
});
afterAll(() => server.close());

let fx: FleetFixture;
let fleet: FleetService;
beforeEach(async () => {
  fx = await createFleetFixture();
});
afterEach(() => fx.cleanup());

/** `support` null: this machine's own probe, as in production. */
async function openFleet(support: SandboxSupport | null): Promise<void> {
  const shared = { url: server.url, registerScript: server.registerScript.bind(server), close: () => undefined };
  const detect = support ? { detectSandbox: async () => support } : {};
  fleet = await fx.openFleet({ forceDemo: true, workerEntry: WORKER, startDemoServer: async () => shared, ...detect });
}

/** Blocked the first time (a marker in the worktree remembers), writes `outside` the second. */
function blockedWrite(outside: string, marker: string): string {
  return [
    'echo "shell=$$"',
    `if [ -e ${marker} ]; then echo escaped > '${outside}'; echo wrote; else touch ${marker}; echo "sh: 1: cannot create ${outside}: Read-only file system"; exit 1; fi`,
  ].join('; ');
}

const exec = (cmd: string) => ({ output: [{ type: 'function_call' as const, name: 'exec_command', arguments: { cmd } }] });
const say = (text: string) => ({ output: [{ type: 'message' as const, text }] });

async function startThread(name: string, responses: DemoScript['responses'], approvalMode: ApprovalMode): Promise<ThreadSummary> {
  const path = join(fx.scriptsDir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ name, responses }));
  const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: `Test ${name}`, agents: 1, demoScript: path, approvalMode });
  return run.threads[0]!;
}

async function waitForThread(id: string, what: string, test: (t: ThreadSummary) => boolean): Promise<ThreadSummary> {
  const threads = await waitForThreads(fleet, (ts) => ts.some((t) => t.id === id && (test(t) || t.status === 'failed')), what, 60_000);
  const thread = threads.find((t) => t.id === id)!;
  expect(thread.error).toBeNull();
  return thread;
}

async function nextApproval(id: string, previous: string | null = null) {
  const thread = await waitForThread(id, 'an approval request', (t) => t.pendingApproval !== null && t.pendingApproval.requestId !== previous);
  return thread.pendingApproval!;
}

const bodies = (id: string) => server.requests.filter((r) => r.promptCacheKey === id).map((r) => JSON.stringify(r.body));

function commandItems(events: readonly ThreadEvent[]) {
  return events.flatMap((e) => (e.msg.type === 'item_completed' && e.msg.item.type === 'command' ? [e.msg.item] : []));
}

const shellPids = (text: string) => [...text.matchAll(/shell=(\d+)/g)].map((m) => m[1]);

describe('a command the sandbox blocked', () => {
  it('asks to run it outside even in full auto; approve reruns it once, in another shell, and the model gets that result', async () => {
    await openFleet(BWRAP);
    const outside = join(fx.dir, 'outside.txt');
    const thread = await startThread('escalate-approve', [exec(blockedWrite(outside, '.blocked')), say('Done.')], 'full-auto');

    const request = await nextApproval(thread.id);
    expect(request.kind).toBe('unsandboxed');
    expect(request.reason).toMatch(/^Run outside the sandbox: echo "shell=\$\$"/);
    expect(request.reason).toContain(`The sandbox blocked it: sh: 1: cannot create ${outside}: Read-only file system`);
    expect(existsSync(outside)).toBe(false);
    expect(bodies(thread.id)).toHaveLength(1);

    await call(fleet, 'thread.approve', { threadId: thread.id, requestId: request.requestId, decision: 'approve' });
    await waitForThread(thread.id, 'the turn to finish', (t) => t.status === 'done');
    expect(existsSync(outside)).toBe(true);
    const items = commandItems(await threadEvents(fleet, thread.id));
    const first = items.find((i) => !i.id.endsWith('-unsandboxed'))!;
    const rerun = items.find((i) => i.id === request.itemId)!;
    expect(first).toMatchObject({ exitCode: 1, status: 'failed' });
    expect(rerun).toMatchObject({ exitCode: 0, status: 'completed', cwd: thread.worktreePath });
    expect(shellPids(rerun.output)[0]).not.toBe(shellPids(first.output)[0]);
    const answer = bodies(thread.id)[1]!;
    expect(answer).toContain(APPROVED_OUTSIDE_NOTE);
    expect(answer).toContain('wrote');
  });

  it('deny: nothing runs outside, and the model gets the blocked output with a note that the user declined', async () => {
    await openFleet(BWRAP);
    const outside = join(fx.dir, 'outside.txt');
    const thread = await startThread('escalate-deny', [exec(blockedWrite(outside, '.blocked')), say('Done.')], 'full-auto');
    const request = await nextApproval(thread.id);
    await call(fleet, 'thread.approve', { threadId: thread.id, requestId: request.requestId, decision: 'deny' });
    await waitForThread(thread.id, 'the turn to finish', (t) => t.status === 'done');
    expect(existsSync(outside)).toBe(false);
    const answer = bodies(thread.id)[1]!;
    expect(answer).toContain('Read-only file system');
    expect(answer).toContain(JSON.stringify(DENIED_OUTPUT.unsandboxed).slice(1, -1));
    expect(commandItems(await threadEvents(fleet, thread.id)).find((i) => i.id === request.itemId)?.status).toBe('declined');
  });

  it('approving the command, or approving outside "for the thread", never makes the next blocked command run outside unasked', async () => {
    await openFleet(BWRAP);
    const [one, two] = [join(fx.dir, 'one.txt'), join(fx.dir, 'two.txt')];
    const steps = [exec(blockedWrite(one, '.one')), exec(blockedWrite(two, '.two')), say('Done.')];
    const thread = await startThread('escalate-twice', steps, 'suggest');

    const command = await nextApproval(thread.id);
    expect(command.kind).toBe('command');
    await call(fleet, 'thread.approve', { threadId: thread.id, requestId: command.requestId, decision: 'approve_for_thread' });
    const firstOutside = await nextApproval(thread.id, command.requestId);
    expect(firstOutside.kind).toBe('unsandboxed');
    await call(fleet, 'thread.approve', { threadId: thread.id, requestId: firstOutside.requestId, decision: 'approve_for_thread' });

    // The second command needs no approval as a command (trusted for the thread), but running it outside still asks.
    const secondOutside = await nextApproval(thread.id, firstOutside.requestId);
    expect(secondOutside.kind).toBe('unsandboxed');
    expect(existsSync(one)).toBe(true);
    expect(existsSync(two)).toBe(false);
    await call(fleet, 'thread.approve', { threadId: thread.id, requestId: secondOutside.requestId, decision: 'deny' });
    await waitForThread(thread.id, 'the turn to finish', (t) => t.status === 'done');
    expect(existsSync(two)).toBe(false);
  });

  it('without a sandbox (opted in) there is nothing to escape: the failure goes to the model as it is', async () => {
    writeSettings(fx.dataDir, { allowUnsandboxed: true });
    await openFleet(MISSING);
    const outside = join(fx.dir, 'outside.txt');
    const thread = await startThread('no-sandbox', [exec(blockedWrite(outside, '.blocked')), say('Done.')], 'full-auto');
    await waitForThread(thread.id, 'the turn to finish', (t) => t.status === 'done');
    const events = await threadEvents(fleet, thread.id);
    expect(events.some((e) => e.msg.type === 'approval_requested')).toBe(false);
    expect(bodies(thread.id)[1]).not.toContain(APPROVED_OUTSIDE_NOTE);
    expect(existsSync(outside)).toBe(false);
  });

  it('with the real sandbox around the shell, a write outside the worktree is blocked and offered, and runs outside only when approved', async (ctx) => {
    await openFleet(null);
    // Not under /tmp: inside the sandbox that is a private tmpfs, where the write would just succeed.
    const outsideDir = mkdtempSync('/var/tmp/flotilla-escape-');
    ctx.onTestFinished(() => rmSync(outsideDir, { recursive: true, force: true }));
    const outside = join(outsideDir, 'outside.txt');
    const thread = await startThread('real-sandbox', [exec(`echo escaped > '${outside}'`), say('Done.')], 'full-auto');
    const settled = await waitForThread(thread.id, 'a request or the end', (t) => t.pendingApproval !== null || t.status === 'done');
    const ready = (await threadEvents(fleet, thread.id)).find((e) => e.msg.type === 'ready');
    // Until the worker wraps its shell (WorkerConfig.sandbox) the command simply runs: nothing to see here yet.
    if (ready?.msg.type === 'ready' && ready.msg.sandbox === 'none') ctx.skip();
    expect(existsSync(outside)).toBe(false);
    expect(settled.pendingApproval?.kind).toBe('unsandboxed');
    expect(settled.pendingApproval?.reason).toMatch(/Read-only file system|Permission denied|Operation not permitted/);
    await call(fleet, 'thread.approve', { threadId: thread.id, requestId: settled.pendingApproval!.requestId, decision: 'approve' });
    await waitForThread(thread.id, 'the turn to finish', (t) => t.status === 'done');
    expect(existsSync(outside)).toBe(true);
  });
});
