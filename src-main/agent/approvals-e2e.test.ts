/**
 * Approvals end to end: the fleet forks the real worker (dist/main/worker.cjs, built by the test
 * global setup) against the demo model over HTTP; commands run in the real pty shell and patches
 * apply in a real worktree. Side effects (a file, a marker) prove what ran and what did not.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalMode } from '../../src-shared/protocol/agent';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import type { ThreadEvent } from '../../src-shared/protocol/thread-events';
import type { DemoScript } from '../demo/script';
import { type DemoModelServer, startDemoModelServer } from '../demo/server';
import { createFleetFixture, type FleetFixture, writeSettings } from '../fleet/test-support/fleet-fixture';
import type { FleetService } from '../fleet/fleet-service';
import { call, threadEvents, waitForThreads } from '../fleet/test-support/fleet-test-support';
import { DENIED_OUTPUT } from './approvals';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), '../../dist/main/worker.cjs');

let server: DemoModelServer;
beforeAll(async () => {
  server = await startDemoModelServer();
});
afterAll(() => server.close());

let fx: FleetFixture;
let fleet: FleetService;
function openDemoFleet(): Promise<FleetService> {
  // The fleet closes its demo server on dispose; this one is shared by the file, so keep it open.
  const shared = { url: server.url, registerScript: server.registerScript.bind(server), close: () => undefined };
  return fx.openFleet({ forceDemo: true, workerEntry: WORKER, startDemoServer: async () => shared });
}
beforeEach(async () => {
  fx = await createFleetFixture();
  fleet = await openDemoFleet();
});
afterEach(() => fx.cleanup());

const exec = (cmd: string) => ({ output: [{ type: 'function_call' as const, name: 'exec_command', arguments: { cmd } }] });
const patch = (input: string) => ({ output: [{ type: 'custom_tool_call' as const, name: 'apply_patch', input }] });
const say = (text: string) => ({ output: [{ type: 'message' as const, text }] });
const ADD_NOTE = '*** Begin Patch\n*** Add File: notes/approved.md\n+approved\n*** End Patch';

async function startThread(name: string, responses: DemoScript['responses'], approvalMode?: ApprovalMode): Promise<ThreadSummary> {
  const path = join(fx.scriptsDir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ name, responses }));
  const params = { repoPath: fx.repo, prompt: `Test ${name}`, agents: 1, demoScript: path };
  const run = await call(fleet, 'task.run', approvalMode ? { ...params, approvalMode } : params);
  return run.threads[0]!;
}

async function waitForThread(id: string, what: string, predicate: (t: ThreadSummary) => boolean): Promise<ThreadSummary> {
  const threads = await waitForThreads(
    fleet,
    (ts) => ts.some((t) => t.id === id && (predicate(t) || t.status === 'failed')),
    what,
    60_000,
  );
  const thread = threads.find((t) => t.id === id)!;
  expect(thread.error).toBeNull();
  return thread;
}

/** The open request, once it is a new one (not `previous`). */
async function nextApproval(id: string, previous: string | null = null) {
  const thread = await waitForThread(id, 'an approval request', (t) => t.pendingApproval !== null && t.pendingApproval.requestId !== previous);
  expect(thread.status).toBe('waiting');
  return thread.pendingApproval!;
}

const requestsOf = (threadId: string) => server.requests.filter((r) => r.promptCacheKey === threadId);
const bodyText = (threadId: string, index: number) => JSON.stringify(requestsOf(threadId)[index]?.body ?? null);

function completedItem(events: readonly ThreadEvent[], itemId: string) {
  return events.flatMap((e) => (e.msg.type === 'item_completed' && e.msg.item.id === itemId ? [e.msg.item] : [])).at(-1);
}

describe('approvals with the real worker and the demo model', () => {
  it('suggest: a patch and a command each wait; the approved patch applies, the denied command never runs', async () => {
    const thread = await startThread('suggest', [patch(ADD_NOTE), exec('touch marker'), say('Done.')], 'suggest');
    expect(thread.approvalMode).toBe('suggest');

    const first = await nextApproval(thread.id);
    expect(first.reason).toBe('Edit notes/approved.md');
    // Waiting costs no model request: only the one that asked for the patch has been made.
    await call(fleet, 'thread.events', { threadId: thread.id, afterSeq: 0 });
    expect(requestsOf(thread.id)).toHaveLength(1);
    expect(existsSync(join(thread.worktreePath, 'notes/approved.md'))).toBe(false);
    const events = await threadEvents(fleet, thread.id);
    const started = events.findIndex((e) => e.msg.type === 'item_started' && e.msg.item.type === 'patch' && e.msg.item.id === first.itemId);
    const requested = events.findIndex((e) => e.msg.type === 'approval_requested');
    expect(started).toBeGreaterThan(-1);
    expect(started).toBeLessThan(requested);
    expect(events[requested]?.msg).toMatchObject({ kind: 'patch', itemId: first.itemId });
    await call(fleet, 'thread.approve', { threadId: thread.id, requestId: first.requestId, decision: 'approve' });

    const second = await nextApproval(thread.id, first.requestId);
    expect(second.reason).toBe('touch marker');
    expect(existsSync(join(thread.worktreePath, 'notes/approved.md'))).toBe(true);
    expect(requestsOf(thread.id)).toHaveLength(2);
    await call(fleet, 'thread.approve', { threadId: thread.id, requestId: second.requestId, decision: 'deny' });

    const done = await waitForThread(thread.id, 'the turn to finish', (t) => t.status === 'done');
    expect(done.pendingApproval).toBeNull();
    expect(existsSync(join(thread.worktreePath, 'marker'))).toBe(false);
    expect(bodyText(thread.id, 2)).toContain(JSON.stringify(DENIED_OUTPUT.command).slice(1, -1));
    const all = await threadEvents(fleet, thread.id);
    expect(completedItem(all, second.itemId)).toMatchObject({ type: 'command', status: 'declined', command: 'touch marker' });
    expect(completedItem(all, first.itemId)).toMatchObject({ type: 'patch', status: 'completed' });
    const resolved = all.flatMap((e) => (e.msg.type === 'approval_resolved' ? [e.msg.decision] : []));
    expect(resolved).toEqual(['approve', 'deny']);
  });

  it('auto-edit: edits and read-only commands run; writing commands wait', async () => {
    const steps = [patch(ADD_NOTE), exec('ls'), exec('rm -rf src'), exec('echo hi > f'), exec('ls; rm -rf src'), say('Done.')];
    const thread = await startThread('auto-edit', steps, 'auto-edit');
    const asked: string[] = [];
    let previous: string | null = null;
    for (let i = 0; i < 3; i += 1) {
      const request = await nextApproval(thread.id, previous);
      asked.push(request.reason);
      previous = request.requestId;
      await call(fleet, 'thread.approve', { threadId: thread.id, requestId: request.requestId, decision: 'deny' });
    }
    await waitForThread(thread.id, 'the turn to finish', (t) => t.status === 'done');
    expect(asked).toEqual(['rm -rf src', 'echo hi > f', 'ls; rm -rf src']);
    expect(existsSync(join(thread.worktreePath, 'notes/approved.md'))).toBe(true);
    expect(existsSync(join(thread.worktreePath, 'src/index.ts'))).toBe(true);
    expect(existsSync(join(thread.worktreePath, 'f'))).toBe(false);
    // `ls` ran without asking, in the worktree.
    const commands = (await threadEvents(fleet, thread.id)).flatMap((e) =>
      e.msg.type === 'item_completed' && e.msg.item.type === 'command' ? [e.msg.item] : [],
    );
    expect(commands.find((c) => c.command === 'ls')).toMatchObject({ status: 'completed', exitCode: 0 });
    expect(commands.find((c) => c.command === 'ls')?.output).toContain('README.md');
  });

  it('approve_for_thread stops asking for that kind of action; an interrupt while waiting ends the turn', async () => {
    const steps = [exec('touch one'), exec('touch two'), patch(ADD_NOTE), say('Never reached.')];
    const thread = await startThread('for-thread', steps, 'suggest');
    const first = await nextApproval(thread.id);
    await call(fleet, 'thread.approve', { threadId: thread.id, requestId: first.requestId, decision: 'approve_for_thread' });
    const patchRequest = await nextApproval(thread.id, first.requestId);
    expect(patchRequest.reason).toBe('Edit notes/approved.md');
    expect(existsSync(join(thread.worktreePath, 'two'))).toBe(true);

    await call(fleet, 'thread.interrupt', { threadId: thread.id });
    const ended = await waitForThread(thread.id, 'the interrupt', (t) => t.status === 'interrupted');
    expect(ended.pendingApproval).toBeNull();
    expect(existsSync(join(thread.worktreePath, 'notes/approved.md'))).toBe(false);
    expect(completedItem(await threadEvents(fleet, thread.id), patchRequest.itemId)).toMatchObject({ status: 'interrupted' });
    const stale = await fleet.handle('thread.approve', { threadId: thread.id, requestId: patchRequest.requestId, decision: 'approve' });
    expect(stale).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });

  it('a mode change mid-thread is appended as a message and leaves the prefix unchanged; update_plan makes a plan item', async () => {
    const plan = { explanation: 'Two steps', plan: [{ step: 'Look', status: 'completed' }, { step: 'Edit', status: 'in_progress' }] };
    const steps = [
      { output: [{ type: 'function_call' as const, name: 'update_plan', arguments: plan }] },
      say('First turn done.'),
      exec('touch marker'),
      say('Second turn done.'),
    ];
    const thread = await startThread('mode-change', steps);
    expect(thread.approvalMode).toBe('full-auto');
    await waitForThread(thread.id, 'the first turn', (t) => t.status === 'done');
    expect(bodyText(thread.id, 1)).toContain('Plan updated');
    const planEvents = (await threadEvents(fleet, thread.id)).flatMap((e) =>
      (e.msg.type === 'item_started' || e.msg.type === 'item_completed') && e.msg.item.type === 'plan' ? [e.msg] : [],
    );
    expect(planEvents.map((m) => m.type)).toEqual(['item_started', 'item_completed']);
    expect(planEvents[0]?.item.id).toBe(planEvents[1]?.item.id);
    expect(planEvents[1]?.item).toMatchObject({ explanation: 'Two steps', steps: plan.plan });

    await call(fleet, 'thread.setApprovalMode', { threadId: thread.id, mode: 'suggest' });
    await call(fleet, 'thread.send', { threadId: thread.id, text: 'Now touch a marker.', mode: 'steer' });
    const request = await nextApproval(thread.id);
    expect(request.reason).toBe('touch marker');
    const [before, after] = [requestsOf(thread.id)[1]?.body, requestsOf(thread.id)[2]?.body] as Array<Record<string, unknown>>;
    expect(after!.instructions).toEqual(before!.instructions);
    expect(after!.tools).toEqual(before!.tools);
    const beforeInput = before!.input as unknown[];
    const afterInput = after!.input as unknown[];
    expect(afterInput.slice(0, beforeInput.length)).toEqual(beforeInput);
    const appended = JSON.stringify(afterInput.slice(beforeInput.length));
    expect(appended).toContain('<approval_mode>suggest</approval_mode>');
    expect(JSON.stringify(afterInput[0])).toContain('<approval_mode>full-auto</approval_mode>');
    await call(fleet, 'thread.approve', { threadId: thread.id, requestId: request.requestId, decision: 'deny' });
    const done = await waitForThread(thread.id, 'the second turn', (t) => t.status === 'done' && t.lastSeq > 0 && t.pendingApproval === null);
    expect(done.approvalMode).toBe('suggest');
    expect(existsSync(join(thread.worktreePath, 'marker'))).toBe(false);
  });

  it('a task takes its mode from task.run, else settings.json, else auto-edit with a real provider and full-auto in demo mode', async () => {
    const demo = await startThread('demo-default', [say('Done.')]);
    expect(demo.approvalMode).toBe('full-auto');
    const chosen = await startThread('chosen', [say('Done.')], 'auto-edit');
    expect(chosen.approvalMode).toBe('auto-edit');
    // The fixture's settings name a provider (served by the fixture's fake worker and stub model).
    await fleet.dispose(); // one fleet per data dir
    const real = await fx.openFleet();
    const run = await call(real, 'task.run', { repoPath: fx.repo, prompt: 'Real provider', agents: 1 });
    expect(run.threads[0]!.approvalMode).toBe('auto-edit');
    // Its worker reads settings.json when it starts: change the file only once it has finished.
    const realId = run.threads[0]!.id;
    await waitForThreads(real, (ts) => ts.some((t) => t.id === realId && t.status === 'done'), 'the fake agent to finish');
    writeSettings(fx.dataDir, { approvalMode: 'suggest' });
    await real.dispose();
    fleet = await openDemoFleet();
    const configured = await startThread('configured', [say('Done.')]);
    expect(configured.approvalMode).toBe('suggest');
  });
});
