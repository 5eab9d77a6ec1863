import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ThreadLogWriter, loadThreadLog, threadLogPath } from './thread';
import { waitForEvent } from './test-support/fleet-control-support';
import { createFleetFixture, type FleetFixture } from './test-support/fleet-fixture';
import { call, threadEvents, waitForThreads } from './test-support/fleet-test-support';
import { eventsFor, sampleSummary } from './test-support/samples';

describe('fleet restart', () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  it('brings finished threads back with their events and summaries', async () => {
    const first = await fx.openFleet();
    await call(first, 'task.run', { repoPath: fx.repo, prompt: 'Write docs', agents: 2 });
    const finished = await waitForThreads(first, (ts) => ts.every((t) => t.status === 'done' && t.diffStat), 'done');
    // A turn's last events are its checkpoint and then the files-changed count measured after it.
    for (const t of finished) {
      const events = await waitForEvent(first, t.id, (e) => e.msg.type === 'checkpoint', 'the checkpoint');
      const checkpointSeq = events.find((e) => e.msg.type === 'checkpoint')!.seq;
      await waitForEvent(first, t.id, (e) => e.msg.type === 'diff_stat' && e.seq > checkpointSeq, 'the final diff stat');
    }
    const done = await call(first, 'threads.list', {});
    const eventsBefore = await Promise.all(done.map((t) => threadEvents(first, t.id)));
    await first.dispose();

    const second = await fx.openFleet();
    expect(await call(second, 'threads.list', {})).toEqual(done);
    expect(await Promise.all(done.map((t) => threadEvents(second, t.id)))).toEqual(eventsBefore);
    const lastSeq = done[0]!.lastSeq;
    expect(await call(second, 'thread.events', { threadId: done[0]!.id, afterSeq: lastSeq - 2 })).toEqual({
      events: eventsBefore[0]!.slice(-2),
      hasMore: false,
      nextAfterSeq: lastSeq,
    });

    // A restored thread takes a new message: a fresh worker runs the next turn.
    await call(second, 'thread.send', { threadId: done[0]!.id, text: 'And a changelog', mode: 'queue' });
    const [again] = await waitForThreads(second, (ts) => ts[0]!.lastSeq > lastSeq && ts[0]!.status === 'done', 'second turn');
    expect(again!.usage.inputTokens).toBe(200);
  });

  it('stops running threads on dispose; they come back interrupted', async () => {
    const first = await fx.openFleet();
    const run = await call(first, 'task.run', { repoPath: fx.repo, prompt: '[hold] forever', agents: 2 });
    await waitForThreads(first, (ts) => ts.every((t) => t.status === 'working'), 'agents working');
    await first.dispose();
    expect((await first.handle('threads.list', {})).ok).toBe(false);

    const second = await fx.openFleet();
    const threads = await call(second, 'threads.list', {});
    expect(threads.map((t) => t.id)).toEqual(run.threads.map((t) => t.id));
    expect(threads.every((t) => t.status === 'interrupted')).toBe(true);
  });

  it('fails clearly when the worktree of a thread was deleted behind its back', async () => {
    const fleet = await fx.openFleet();
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Short job', agents: 1 });
    const thread = run.threads[0]!;
    await waitForThreads(fleet, (ts) => ts[0]?.status === 'done', 'the first turn');
    await fleet.dispose();
    rmSync(thread.worktreePath, { recursive: true, force: true });

    const second = await fx.openFleet();
    await call(second, 'thread.send', { threadId: thread.id, text: 'Continue', mode: 'steer' });
    const [failed] = await waitForThreads(second, (ts) => ts[0]?.status === 'failed', 'the failure');
    expect(failed!.error).toBe(`Could not start the agent: its worktree ${thread.worktreePath} no longer exists. Start a new task to continue this work.`);
  });

  it('kills a worker that ignores shutdown', async () => {
    const fleet = await fx.openFleet();
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: '[hold][deaf] stubborn', agents: 1 });
    await waitForThreads(fleet, (ts) => ts[0]?.status === 'working', 'the agent to work');
    const ready = (await threadEvents(fleet, run.threads[0]!.id)).find((e) => e.msg.type === 'ready');
    const pid = ready?.msg.type === 'ready' ? ready.msg.pid : 0;
    await fleet.dispose();
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });

  it('marks a thread that was working when Flotilla crashed as interrupted, and survives a torn line', async () => {
    const summary = sampleSummary({ id: 't_crashed1', repoPath: fx.repo, worktreePath: fx.dir, demo: false });
    const events = eventsFor(summary, [
      { type: 'user_message', text: 'go', delivery: 'new_turn' },
      { type: 'turn_started', turnId: 'u1' },
    ]);
    const path = threadLogPath(fx.dataDir, summary.id);
    const writer = new ThreadLogWriter(path);
    for (const event of events) await writer.append(event);
    await writer.close();
    appendFileSync(path, '{"threadId":"t_crashed1","seq":4,"ts":');

    const fleet = await fx.openFleet();
    const [thread] = await waitForThreads(fleet, (ts) => ts[0]?.status === 'interrupted', 'the restored thread');
    expect(thread).toMatchObject({ id: 't_crashed1', status: 'interrupted', lastSeq: 4 });
    expect(fx.logger.lines.some((line) => line.includes('line 4 is incomplete'))).toBe(true);
    await fleet.dispose();

    // The torn line was cut off and the status change appended on a clean line.
    const reloaded = await loadThreadLog(path);
    expect(reloaded.problems).toEqual([]);
    expect(reloaded.events.map((e) => e.msg.type)).toEqual(['thread_created', 'user_message', 'turn_started', 'status_changed']);
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
  });

  it('skips a log it cannot rebuild a thread from', async () => {
    const path = threadLogPath(fx.dataDir, 't_broken');
    const writer = new ThreadLogWriter(path);
    await writer.append({ threadId: 't_broken', seq: 1, ts: 1, msg: { type: 'turn_started', turnId: 'x' } });
    await writer.close();
    const fleet = await fx.openFleet();
    expect(await call(fleet, 'threads.list', {})).toEqual([]);
    expect(fx.logger.lines.some((line) => line.includes('does not start with its thread'))).toBe(true);
  });
});
