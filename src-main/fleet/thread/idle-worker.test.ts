/**
 * A finished thread does not keep its worker process for ever: after a short grace it exits,
 * quietly (no crash reported, the status unchanged), and the next message starts a new worker
 * that continues the conversation.
 */
import { describe, expect, it } from 'vitest';
import { messageStep, requestBodies, runScripted, until, waitForThread, workerPid } from '../test-support/fleet-control-support';
import { useDemoFleet } from '../test-support/demo-fleet';
import { call, threadEvents } from '../test-support/fleet-test-support';
import { processAlive } from '../../terminal/process-group';
import { approvalModeNote } from '../../agent/approvals';


describe('idle workers of finished threads', () => {
  const demoFleet = useDemoFleet();

  it('exit after the grace without a trace, and come back with the history on the next message', async () => {
    const fleet = await demoFleet.open({ idleWorkerGraceMs: 300 });
    const id = await runScripted(fleet, demoFleet.fx, 'idle', 'Say something', [messageStep('The answer is 41.'), messageStep('Plus one is 42.')]);
    const done = await waitForThread(fleet, id, (t) => t.status === 'done' && t.diffStat !== null, 'the first turn');
    const firstPid = await workerPid(fleet, id);

    await until(() => !processAlive(firstPid), 'the idle worker to exit');
    const events = await threadEvents(fleet, id);
    expect(events.filter((e) => e.msg.type === 'worker_exited')).toEqual([]);
    const [after] = await call(fleet, 'threads.list', {});
    expect({ status: after!.status, activity: after!.activity, error: after!.error }).toEqual({ status: done.status, activity: done.activity, error: null });

    await call(fleet, 'thread.send', { threadId: id, text: 'And plus one?', mode: 'queue' });
    await waitForThread(fleet, id, (t) => t.status === 'done' && t.lastSeq > done.lastSeq + 3, 'the second turn');
    const secondPid = await workerPid(fleet, id);
    expect(secondPid).not.toBe(firstPid);
    const bodies = requestBodies(demoFleet.demo, id);
    expect(bodies).toHaveLength(2);
    // The new worker's request carries the earlier conversation: the task and the first answer.
    expect(bodies[1]).toContain('Say something');
    expect(bodies[1]).toContain('The answer is 41.');
    expect(bodies[1]).toContain('And plus one?');
    // Still finished, so the new worker goes too.
    await until(() => !processAlive(secondPid), 'the second idle worker to exit');
  }, 90_000);

  it('a mode change while no worker runs reaches the next one as an appended message, never in the prefix', async () => {
    const fleet = await demoFleet.open({ idleWorkerGraceMs: 300 });
    const id = await runScripted(fleet, demoFleet.fx, 'idle-mode', 'Say something', [messageStep('First.'), messageStep('Second.')]);
    const done = await waitForThread(fleet, id, (t) => t.status === 'done' && t.diffStat !== null, 'the first turn');
    const firstPid = await workerPid(fleet, id);
    await until(() => !processAlive(firstPid), 'the idle worker to exit');
    await call(fleet, 'thread.setApprovalMode', { threadId: id, mode: 'auto-edit' });
    await call(fleet, 'thread.send', { threadId: id, text: 'Go on.', mode: 'queue' });
    await waitForThread(fleet, id, (t) => t.status === 'done' && t.lastSeq > done.lastSeq + 3, 'the second turn');
    type Body = { instructions: string; tools: unknown; input: Array<{ content?: unknown }> };
    const [before, after] = requestBodies(demoFleet.demo, id).map((text) => JSON.parse(text) as Body);
    expect(after!.instructions).toBe(before!.instructions);
    expect(after!.tools).toEqual(before!.tools);
    // The environment context still states the thread's first mode; the change comes after.
    expect(JSON.stringify(after!.input[0])).toContain('<approval_mode>full-auto</approval_mode>');
    expect(after!.input.slice(-2).map((i) => i.content)).toEqual([approvalModeNote('auto-edit'), 'Go on.']);
  }, 90_000);
});
