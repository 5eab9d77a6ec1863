/**
 * A thread's log after someone (or something) wrote into it: lines of another thread, a repeated
 * seq, a corrupted first line. The thread comes back, its sequence numbers never repeat, and the
 * warnings name what was skipped.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { threadLogPath } from './event-log';
import { createFleetFixture, type FleetFixture } from '../test-support/fleet-fixture';
import { call, threadEvents, waitForThreads } from '../test-support/fleet-test-support';

describe('thread log recovery', () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  async function finishedThread(): Promise<{ id: string; lastSeq: number; path: string }> {
    const fleet = await fx.openFleet();
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Write docs', agents: 1 });
    const id = run.threads[0]!.id;
    const [done] = await waitForThreads(fleet, (ts) => ts[0]?.status === 'done' && ts[0].diffStat !== null, 'the first turn');
    await fleet.dispose();
    return { id, lastSeq: done!.lastSeq, path: threadLogPath(fx.dataDir, id) };
  }

  it('skips a foreign line and a repeated seq, and numbers new events above every seq written', async () => {
    const { id, lastSeq, path } = await finishedThread();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    const last = JSON.parse(lines.at(-1)!) as { ts: number };
    const status = { type: 'status_changed', status: 'done', activity: 'Finished', error: null };
    appendFileSync(path, `${JSON.stringify({ threadId: 't_00000000', seq: 2, ts: last.ts, msg: status })}\n`);
    appendFileSync(path, `${JSON.stringify({ threadId: id, seq: 3, ts: last.ts, msg: status })}\n`);

    const fleet = await fx.openFleet();
    const [restored] = await call(fleet, 'threads.list', {});
    expect(restored!.lastSeq).toBe(lastSeq);
    const warnings = fx.logger.lines.filter((l) => l.startsWith('warn:'));
    expect(warnings).toContainEqual(expect.stringContaining(`line ${lines.length + 1} belongs to thread t_00000000, not ${id}; skipped it.`));
    expect(warnings).toContainEqual(expect.stringContaining(`line ${lines.length + 2} has seq 3, not after ${lastSeq}; skipped it.`));

    await call(fleet, 'thread.send', { threadId: id, text: 'And a changelog', mode: 'queue' });
    await waitForThreads(fleet, (ts) => ts[0]!.status === 'done' && ts[0]!.lastSeq > lastSeq + 3, 'the second turn');
    const seqs = (await threadEvents(fleet, id)).map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs.filter((seq) => seq > lastSeq)[0]).toBe(lastSeq + 1);
  });

  it('brings a thread back whose first log line is corrupt, from the copy of its creation', async () => {
    const { id, lastSeq, path } = await finishedThread();
    const first = await fx.openFleet();
    const before = await call(first, 'threads.list', {});
    await first.dispose();
    const [, ...rest] = readFileSync(path, 'utf8').split('\n');
    writeFileSync(path, ['{"threadId":"t_', ...rest].join('\n'));

    const fleet = await fx.openFleet();
    expect(await call(fleet, 'threads.list', {})).toEqual(before);
    expect(fx.logger.lines).toContainEqual(expect.stringContaining(`${path}: its first line is unreadable; rebuilt the thread from`));
    await call(fleet, 'thread.send', { threadId: id, text: 'Once more', mode: 'queue' });
    const [again] = await waitForThreads(fleet, (ts) => ts[0]!.status === 'done' && ts[0]!.lastSeq > lastSeq + 2, 'the next turn');
    expect(again!.usage.inputTokens).toBe(200);
  });
});
