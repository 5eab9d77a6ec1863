/**
 * A Codex thread through the fleet's own paths, with the built worker and the real pinned codex
 * against the in-process demo server: its approvals in Flotilla's approval events answered with
 * thread.approve, its diff and merge, and a fleet restart that resumes its Codex thread.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ThreadEvent } from '../../src-shared/protocol/thread-events';
import { codexMissing } from '../codex/test-support/codex-test-support';
import { WAIT_FOR_GO, waitForEvent, waitForThread } from './test-support/fleet-control-support';
import { createFleetFixture, type FleetFixture } from './test-support/fleet-fixture';
import { call, threadEvents } from './test-support/fleet-test-support';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), '../../dist/main/worker.cjs');
const missing = await codexMissing();
const PATCH = '*** Begin Patch\n*** Add File: approved.md\n+approved by the user\n*** End Patch';

describe.skipIf(missing !== null)(`a Codex thread's approvals, diff, merge and restart${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  function script(name: string, responses: unknown[]): string {
    const path = join(fx.scriptsDir, `${name}.json`);
    writeFileSync(path, JSON.stringify({ name, responses }));
    return path;
  }

  it('asks for its command and its patch through the approval events; the approved runs, the denied does not; diff and merge follow', async () => {
    const demoScript = script('codex-approvals', [
      { output: [{ type: 'function_call', name: 'exec_command', arguments: { cmd: 'touch denied.txt' } }] },
      { output: [{ type: 'custom_tool_call', name: 'apply_patch', input: PATCH }] },
      { output: [{ type: 'message', text: 'One ran, one was declined.' }] },
    ]);
    const fleet = await fx.openFleet({ forceDemo: true, workerEntry: WORKER });
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Approve me', agents: 1, demoScript, approvalMode: 'suggest', agentKinds: ['codex'] });
    const id = run.threads[0]!.id;

    const asked = (kind: string) => (e: ThreadEvent) => e.msg.type === 'approval_requested' && e.msg.kind === kind;
    const commandAsk = (await waitForEvent(fleet, id, asked('command'), 'the command approval')).find(asked('command'))!;
    await call(fleet, 'thread.approve', { threadId: id, requestId: requestIdOf(commandAsk.msg), decision: 'deny' });
    const patchAsk = (await waitForEvent(fleet, id, asked('patch'), 'the patch approval')).find(asked('patch'))!;
    expect(existsSync(join(run.threads[0]!.worktreePath, 'approved.md'))).toBe(false);
    await call(fleet, 'thread.approve', { threadId: id, requestId: requestIdOf(patchAsk.msg), decision: 'approve' });

    const done = await waitForThread(fleet, id, (t) => t.status === 'done' && t.diffStat !== null, 'the Codex thread to finish');
    expect(readFileSync(join(done.worktreePath, 'approved.md'), 'utf8')).toBe('approved by the user\n');
    expect(existsSync(join(done.worktreePath, 'denied.txt'))).toBe(false);
    const items = (await threadEvents(fleet, id)).flatMap((e) => (e.msg.type === 'item_completed' ? [e.msg.item] : []));
    expect(items.find((i) => i.type === 'command')?.status).toBe('declined');
    expect(items.find((i) => i.type === 'patch')).toMatchObject({ status: 'completed', changes: [{ path: 'approved.md', kind: 'add' }] });

    const diff = await call(fleet, 'thread.diff', { threadId: id });
    expect(diff.files.map((f) => [f.path, f.status])).toEqual([['approved.md', 'added']]);
    const report = await call(fleet, 'merge.run', { threadIds: [id], strategy: 'squash' });
    expect(report.merged.map((m) => m.threadId)).toEqual([id]);
    expect(execFileSync('git', ['show', 'HEAD:approved.md'], { cwd: fx.repo, encoding: 'utf8' })).toBe('approved by the user\n');
  });

  it("shows the turn's changes while the turn still runs (turn/diff/updated re-measures them)", async () => {
    const demoScript = script('codex-live-diff', [
      { output: [{ type: 'custom_tool_call', name: 'apply_patch', input: PATCH }] },
      { output: [{ type: 'function_call', name: 'exec_command', arguments: { cmd: WAIT_FOR_GO, yield_time_ms: 120000 } }] },
      { output: [{ type: 'message', text: 'Edited, then waited.' }] },
    ]);
    const fleet = await fx.openFleet({ forceDemo: true, workerEntry: WORKER });
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Edit, then wait', agents: 1, demoScript, agentKinds: ['codex'] });
    const id = run.threads[0]!.id;
    const live = await waitForThread(fleet, id, (t) => t.status === 'working' && t.diffStat?.files === 1, 'the files-changed count mid-turn');
    expect(live.diffStat).toMatchObject({ files: 1, additions: 1 });
    const diff = await call(fleet, 'thread.diff', { threadId: id });
    expect(diff.files.map((f) => f.path)).toEqual(['approved.md']);
    writeFileSync(join(live.worktreePath, 'go'), '');
    await waitForThread(fleet, id, (t) => t.status === 'done', 'the turn to end');
    expect((await threadEvents(fleet, id)).some((e) => e.msg.type === 'turn_diff_updated')).toBe(false);
    // The agent terminal mirrors what Codex ran: the command line, then its output.
    const agentTerminal = (await call(fleet, 'terminal.list', { threadId: id })).terminals.find((t) => t.kind === 'agent')!;
    const { screen } = await call(fleet, 'terminal.attach', { terminalId: agentTerminal.terminalId, attachId: 'codex-view' });
    expect(screen).toContain('while [ ! -e go ]');
    expect(screen.indexOf('finished')).toBeGreaterThan(screen.indexOf('while [ ! -e go ]'));
  });

  it('resumes its Codex thread after the fleet restarts: the next turn sees the earlier one', async () => {
    const demoScript = script('codex-restart', [
      { when: { lastUserMessageIncludes: 'pelican' }, output: [{ type: 'message', text: 'First answer.' }] },
      { when: { lastUserMessageIncludes: 'What was the word?' }, output: [{ type: 'message', text: 'Answered from the task script.' }] },
    ]);
    const first = await fx.openFleet({ forceDemo: true, workerEntry: WORKER });
    const run = await call(first, 'task.run', { repoPath: fx.repo, prompt: 'Remember the word pelican', agents: 1, demoScript, agentKinds: ['codex'] });
    const id = run.threads[0]!.id;
    await waitForThread(first, id, (t) => t.status === 'done', 'the first turn');
    const codexThread = readFileSync(join(fx.dataDir, 'codex', id, 'flotilla-codex-thread.json'), 'utf8');
    const lastSeq = (await threadEvents(first, id)).at(-1)!.seq;
    await first.dispose();
    rmSync(demoScript);

    const second = await fx.openFleet({ forceDemo: true, workerEntry: WORKER });
    await call(second, 'thread.send', { threadId: id, text: 'What was the word?', mode: 'queue' });
    const events = await waitForEvent(second, id, (e) => e.msg.type === 'turn_completed' && e.seq > lastSeq, 'the second turn');
    expect(events.some((e) => e.seq > lastSeq && e.msg.type === 'turn_aborted')).toBe(false);
    // The thread kept its task's script (the file is gone): the restored thread replays it.
    expect(events.filter((e) => e.msg.type === 'turn_completed').at(-1)?.msg).toMatchObject({ summary: 'Answered from the task script.' });
    // The same Codex thread, resumed (thread/resume), not a new one.
    expect(readFileSync(join(fx.dataDir, 'codex', id, 'flotilla-codex-thread.json'), 'utf8')).toBe(codexThread);
    const rollouts = execFileSync('grep', ['-rl', 'What was the word?', join(fx.dataDir, 'codex', id, 'sessions')], { encoding: 'utf8' }).trim().split('\n');
    expect(rollouts).toHaveLength(1);
    expect(readFileSync(rollouts[0]!, 'utf8')).toContain('Remember the word pelican');
  });
});

function requestIdOf(msg: ThreadEvent['msg']): string {
  if (msg.type !== 'approval_requested') throw new Error(`expected an approval request, got ${msg.type}`);
  return msg.requestId;
}
