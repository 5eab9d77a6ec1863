/**
 * Durability with real workers: a worker killed with SIGKILL takes nothing else with it and its
 * thread resumes with its full history; a fleet restarted mid-run brings every thread back
 * interrupted, and each resumes with its full history in the same worktree.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOST_TOOL_OUTPUT } from '../agent/history-replay';
import {
  execStep,
  isCommandStart,
  messageStep,
  requestBodies,
  runScripted,
  WAIT_FOR_GO,
  waitForEvent,
  waitForThread,
  workerPid,
} from './test-support/fleet-control-support';
import { useDemoFleet } from './test-support/demo-fleet';
import { call, threadEvents, waitForThreads } from './test-support/fleet-test-support';
import { RESUME_TEXT } from './thread';

describe('durability with real workers', () => {
  const demoFleet = useDemoFleet();

  it('kill -9 of one of four workers: the other three finish; the killed one resumes with its history', async () => {
    const fleet = await demoFleet.open();
    const names = ['a', 'b', 'c', 'd'];
    const ids: string[] = [];
    for (const name of names) {
      ids.push(await runScripted(fleet, demoFleet.fx, `crash-${name}`, `Task ${name}`, [execStep(WAIT_FOR_GO), messageStep(`${name} done.`)]));
    }
    for (const id of ids) await waitForEvent(fleet, id, isCommandStart, 'every command to start');
    const victim = ids[1]!;
    process.kill(await workerPid(fleet, victim), 'SIGKILL');
    const failed = await waitForThread(fleet, victim, (t) => t.status === 'failed', 'the killed thread to fail');
    expect(failed.error).toBe('The agent process exited unexpectedly (signal SIGKILL).');

    const threads = await call(fleet, 'threads.list', {});
    for (const t of threads) if (t.id !== victim) writeFileSync(join(t.worktreePath, 'go'), '');
    const after = await waitForThreads(fleet, (ts) => ts.filter((t) => t.status === 'done').length === 3, 'the other three to finish');
    expect(after.filter((t) => t.id !== victim).map((t) => t.status)).toEqual(['done', 'done', 'done']);

    await call(fleet, 'thread.resume', { threadId: victim });
    const resumed = await waitForThread(fleet, victim, (t) => t.status === 'done', 'the resumed thread to finish');
    expect(resumed.worktreePath).toBe(failed.worktreePath);
    const [first, afterResume] = requestBodies(demoFleet.demo, victim);
    expect(first).toContain('Task b');
    // The request after the resume holds the whole conversation, and says what became of the call.
    expect(afterResume).toContain('Task b');
    expect(afterResume).toContain('while [ ! -e go ]');
    expect(afterResume).toContain(LOST_TOOL_OUTPUT);
    expect(afterResume).toContain(RESUME_TEXT);
    // The conversation is for workers only: clients never see it.
    expect((await threadEvents(fleet, victim)).some((e) => e.msg.type === 'history_appended')).toBe(false);
  });

  it('a fleet restarted mid-run brings its threads back interrupted; each resumes with its full history', async () => {
    const first = await demoFleet.open();
    const ids = [
      await runScripted(first, demoFleet.fx, 'restart-a', 'Restart task A', [execStep(WAIT_FOR_GO), messageStep('A resumed.')]),
      await runScripted(first, demoFleet.fx, 'restart-b', 'Restart task B', [execStep(WAIT_FOR_GO), messageStep('B resumed.')]),
    ];
    for (const id of ids) await waitForEvent(first, id, isCommandStart, 'every command to start');
    await first.dispose();

    const second = await demoFleet.open();
    const back = await call(second, 'threads.list', {});
    expect(back.map((t) => t.status)).toEqual(['interrupted', 'interrupted']);
    for (const t of back) writeFileSync(join(t.worktreePath, 'go'), '');
    for (const id of ids) await call(second, 'thread.resume', { threadId: id });
    const done = await waitForThreads(second, (ts) => ts.every((t) => t.status === 'done'), 'both resumed threads to finish');
    expect(done.map((t) => t.worktreePath)).toEqual(back.map((t) => t.worktreePath));
    for (const [index, id] of ids.entries()) {
      const bodies = requestBodies(demoFleet.demo, id);
      expect(bodies).toHaveLength(2);
      expect(bodies[1]).toContain(`Restart task ${'AB'[index]}`);
      expect(bodies[1]).toContain('exec_command');
      const said = (await threadEvents(second, id)).flatMap((e) =>
        e.msg.type === 'item_completed' && e.msg.item.type === 'assistant_message' ? [e.msg.item.text] : [],
      );
      expect(said).toEqual([`${'AB'[index]} resumed.`]);
    }
  });
});
