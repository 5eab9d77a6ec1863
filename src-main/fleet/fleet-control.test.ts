/**
 * Pause, resume, interrupt and steer with real workers: each thread's worker runs its real pty
 * shell and talks to the demo model over HTTP; process states are read from /proc.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { INTERRUPTED_NOTE } from '../agent/agent';
import {
  commandSleeps,
  execStep,
  isCommandStart,
  messageStep,
  requestBodies,
  requestCount,
  runScripted,
  until,
  WAIT_FOR_GO,
  waitForEvent,
  waitForThread,
  workerPid,
} from './test-support/fleet-control-support';
import { useDemoFleet } from './test-support/demo-fleet';
import type { FleetService } from './fleet-service';
import { call, threadEvents, waitForThreads } from './test-support/fleet-test-support';

/** Long enough that a broken pause would have let the command finish and the model be asked. */
const OBSERVE_PAUSED_MS = 1_500;

describe('thread control with real workers', () => {
  const demoFleet = useDemoFleet();
  let fleet: FleetService;
  beforeEach(async () => {
    fleet = await demoFleet.open();
  });

  it('pause stops the running command (state T) and makes no model request; resume completes the turn', async () => {
    const id = await runScripted(fleet, demoFleet.fx, 'pause', 'Wait for go', [execStep(WAIT_FOR_GO), messageStep('All done.')]);
    await waitForEvent(fleet, id, isCommandStart, 'the command to start');
    const worker = await workerPid(fleet, id);
    await until(() => commandSleeps(worker).length > 0, 'the command to run');

    await call(fleet, 'thread.pause', { threadId: id });
    const paused = await waitForThread(fleet, id, (t) => t.status === 'paused', 'paused');
    expect(paused.activity).toBe('Paused');
    await until(() => commandSleeps(worker).every((p) => p.state === 'T'), 'the command to be stopped');

    // Even with `go` present the stopped command cannot see it, so the model is never asked.
    const summary = (await call(fleet, 'threads.list', {})).find((t) => t.id === id)!;
    writeFileSync(join(summary.worktreePath, 'go'), '');
    await new Promise((resolve) => setTimeout(resolve, OBSERVE_PAUSED_MS));
    expect(commandSleeps(worker).every((p) => p.state === 'T')).toBe(true);
    expect(requestCount(demoFleet.demo, id)).toBe(1);

    await call(fleet, 'thread.resume', { threadId: id });
    const done = await waitForThread(fleet, id, (t) => t.status === 'done', 'the turn to complete');
    expect(done.error).toBeNull();
    const events = await threadEvents(fleet, id);
    const command = events.flatMap((e) => (e.msg.type === 'item_completed' && e.msg.item.type === 'command' ? [e.msg.item] : []))[0];
    expect(command).toMatchObject({ exitCode: 0, output: 'finished\n', status: 'completed' });
    expect(requestCount(demoFleet.demo, id)).toBe(2);
  });

  it('a paused plain command resumes as if nothing happened (the shell never sees it stop)', async () => {
    const id = await runScripted(fleet, demoFleet.fx, 'pause-sleep', 'Sleep', [execStep('sleep 4'), messageStep('Slept.')]);
    await waitForEvent(fleet, id, isCommandStart, 'the command to start');
    const worker = await workerPid(fleet, id);
    await until(() => commandSleeps(worker).length > 0, 'the command to run');
    await call(fleet, 'thread.pause', { threadId: id });
    await until(() => commandSleeps(worker).every((p) => p.state === 'T'), 'the command to be stopped');
    await call(fleet, 'thread.resume', { threadId: id });
    await waitForThread(fleet, id, (t) => t.status === 'done', 'the turn to complete');
    const events = await threadEvents(fleet, id);
    const command = events.flatMap((e) => (e.msg.type === 'item_completed' && e.msg.item.type === 'command' ? [e.msg.item] : []))[0];
    expect(command).toMatchObject({ exitCode: 0, status: 'completed' });
  });

  it('holds the loop before its next model request when paused mid-stream', async () => {
    const slow = { delayMs: 20, chunkSize: 2, output: [{ type: 'message', text: 'Streaming a fairly long answer, slowly.' }, { type: 'function_call', name: 'exec_command', arguments: { cmd: 'echo hi' } }] };
    const id = await runScripted(fleet, demoFleet.fx, 'pause-stream', 'Talk', [slow, messageStep('Finished.')]);
    await waitForThread(fleet, id, (t) => t.activity === 'Writing…', 'the answer to stream');
    await call(fleet, 'thread.pause', { threadId: id });
    await waitForEvent(fleet, id, (e) => e.msg.type === 'item_completed' && e.msg.item.type === 'assistant_message', 'the stream to end');
    await new Promise((resolve) => setTimeout(resolve, OBSERVE_PAUSED_MS));
    expect(requestCount(demoFleet.demo, id)).toBe(1);
    expect((await call(fleet, 'threads.list', {})).find((t) => t.id === id)?.status).toBe('paused');

    await call(fleet, 'thread.resume', { threadId: id });
    await waitForThread(fleet, id, (t) => t.status === 'done', 'the turn to complete');
    expect(requestCount(demoFleet.demo, id)).toBe(2);
  });

  it('pauses and resumes all running threads', async () => {
    const a = await runScripted(fleet, demoFleet.fx, 'all-a', 'A', [execStep(WAIT_FOR_GO), messageStep('A done.')]);
    const b = await runScripted(fleet, demoFleet.fx, 'all-b', 'B', [execStep(WAIT_FOR_GO), messageStep('B done.')]);
    for (const id of [a, b]) await waitForEvent(fleet, id, isCommandStart, 'the command to start');
    expect(await call(fleet, 'threads.pauseAll', {})).toEqual({ count: 2 });
    const threads = await waitForThreads(fleet, (ts) => ts.every((t) => t.status === 'paused'), 'both paused');
    expect(await call(fleet, 'threads.resumeAll', {})).toEqual({ count: 2 });
    for (const t of threads) writeFileSync(join(t.worktreePath, 'go'), '');
    for (const id of [a, b]) await waitForThread(fleet, id, (t) => t.status === 'done', 'done');
  });

  it('interrupts mid-stream; the next turn is told', async () => {
    const slow = { delayMs: 50, chunkSize: 1, output: [{ type: 'message', text: 'This answer takes a long time to stream, one character at a time.' }] };
    const id = await runScripted(fleet, demoFleet.fx, 'interrupt-stream', 'Talk slowly', [slow, messageStep('Understood.')]);
    await waitForThread(fleet, id, (t) => t.activity === 'Writing…', 'the answer to stream');
    await call(fleet, 'thread.interrupt', { threadId: id });
    await waitForThread(fleet, id, (t) => t.status === 'interrupted', 'interrupted');
    const events = await threadEvents(fleet, id);
    expect(events.some((e) => e.msg.type === 'turn_aborted' && e.msg.reason === 'interrupted')).toBe(true);

    await call(fleet, 'thread.send', { threadId: id, text: 'Why did you stop?', mode: 'steer' });
    await waitForThread(fleet, id, (t) => t.status === 'done', 'the next turn');
    expect(requestBodies(demoFleet.demo, id)[1]).toContain(JSON.stringify(INTERRUPTED_NOTE));
  });

  it('interrupts mid-command: the command is killed at once', async () => {
    const id = await runScripted(fleet, demoFleet.fx, 'interrupt-command', 'Wait', [execStep(WAIT_FOR_GO), messageStep('never')]);
    await waitForEvent(fleet, id, isCommandStart, 'the command to start');
    const worker = await workerPid(fleet, id);
    await until(() => commandSleeps(worker).length > 0, 'the command to run');
    await call(fleet, 'thread.interrupt', { threadId: id });
    await waitForThread(fleet, id, (t) => t.status === 'interrupted', 'interrupted');
    await until(() => commandSleeps(worker).length === 0, 'the command to end');
    // The worker reports the killed command after the turn's abort, once its shell has noticed.
    await waitForEvent(fleet, id, (e) => e.msg.type === 'item_completed' && e.msg.item.type === 'command', 'the command item to complete');
    const events = await threadEvents(fleet, id);
    const command = events.flatMap((e) => (e.msg.type === 'item_completed' && e.msg.item.type === 'command' ? [e.msg.item] : []))[0];
    expect(command?.status).toBe('interrupted');
    expect(requestCount(demoFleet.demo, id)).toBe(1);
  });

  it('interrupts a paused thread', async () => {
    const id = await runScripted(fleet, demoFleet.fx, 'interrupt-paused', 'Wait', [execStep(WAIT_FOR_GO), messageStep('never')]);
    await waitForEvent(fleet, id, isCommandStart, 'the command to start');
    const worker = await workerPid(fleet, id);
    await until(() => commandSleeps(worker).length > 0, 'the command to run');
    await call(fleet, 'thread.pause', { threadId: id });
    await until(() => commandSleeps(worker).every((p) => p.state === 'T'), 'the command to be stopped');
    await call(fleet, 'thread.interrupt', { threadId: id });
    await waitForThread(fleet, id, (t) => t.status === 'interrupted', 'interrupted');
    await until(() => commandSleeps(worker).length === 0, 'the command to end');
    // The worker's pause was lifted with the turn: a new message runs at once.
    await call(fleet, 'thread.send', { threadId: id, text: 'Go on', mode: 'queue' });
    await waitForThread(fleet, id, (t) => t.status === 'done', 'the next turn');
  });

  it('steering changes what the agent does next', async () => {
    const steps = [
      execStep(WAIT_FOR_GO),
      messageStep('Stopping as asked.', { when: { lastUserMessageIncludes: 'stop' } }),
      messageStep('Nobody asked me to stop.'),
    ];
    const id = await runScripted(fleet, demoFleet.fx, 'steer', 'Wait for go', steps);
    await waitForEvent(fleet, id, isCommandStart, 'the command to start');
    const sent = await call(fleet, 'thread.send', { threadId: id, text: 'Please stop after this.', mode: 'steer' });
    expect(sent.messageId).toMatch(/^m_[0-9a-f]+$/);
    const summary = (await call(fleet, 'threads.list', {})).find((t) => t.id === id)!;
    writeFileSync(join(summary.worktreePath, 'go'), '');
    await waitForThread(fleet, id, (t) => t.status === 'done', 'done');
    const events = await threadEvents(fleet, id);
    const said = events.flatMap((e) => (e.msg.type === 'item_completed' && e.msg.item.type === 'assistant_message' ? [e.msg.item.text] : []));
    expect(said).toEqual(['Stopping as asked.']);
    // The worker's item for the steered message carries the fleet's message id: shown once.
    const userItems = events.flatMap((e) => (e.msg.type === 'item_completed' && e.msg.item.type === 'user_message' ? [e.msg.item] : []));
    expect(userItems.filter((item) => item.id === sent.messageId)).toHaveLength(1);
  });
});
