import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import { fail, ok, type ClientEvent } from '../../src-shared/protocol/api';
import type { ThreadEvent } from '../../src-shared/protocol/thread-events';
import { createFakeFleet, type FakeFleet } from '../server/test-support/fake-fleet';
import { waitFor } from '../server/test-support/ws-test-client';
import { runCli } from './cli';
import { fakeContext, fakeThread, type FakeContext } from './test-support/fake-context';

const statusEvent = (threadId: string, seq: number, status: ThreadSummary['status']): ThreadEvent => ({
  threadId,
  seq,
  ts: 1_000 + seq,
  msg: { type: 'status_changed', status, activity: status, error: null },
});

const batch = (events: ThreadEvent[], threads: ThreadSummary[]): ClientEvent => ({ type: 'batch', events, threads });

/** A fleet whose task.run starts two threads that then play `script` (a list of batches). */
function scriptedFleet(script: (threads: ThreadSummary[]) => ClientEvent[], late: ThreadEvent[] = []): FakeFleet {
  const threads = [fakeThread({ id: 'a', agentIndex: 1 }), fakeThread({ id: 'b', agentIndex: 2 })];
  let final = threads;
  const fleet = createFakeFleet({
    'task.run': () => {
      const batches = script(threads);
      final = batches.at(-1)?.threads ?? threads;
      // Play the batches after the response, one per turn of the event loop, as a real fleet would.
      const play = (i: number) => {
        const next = batches[i];
        if (next) setImmediate(() => (fleet.emit(next), play(i + 1)));
      };
      play(0);
      return ok({ taskId: 'task-1', threads, notes: [] });
    },
    'threads.list': () => ok([...final, fakeThread({ id: 'other', agentIndex: 1, status: 'working' })]),
    'thread.events': (params) => {
      const { threadId } = params as { threadId: string };
      return ok({ events: late.filter((e) => e.threadId === threadId) });
    },
    'thread.interrupt': () => ok({}),
  });
  return fleet;
}

const finishBoth = (status: ThreadSummary['status']) => (threads: ThreadSummary[]) => {
  const working = threads.map((t) => ({ ...t, status: 'working' as const, activity: 'Editing' }));
  const ended = threads.map((t, i) => ({ ...t, status: i === 0 ? 'done' : status, diffStat: { files: 1, additions: 2, deletions: 3 } }));
  return [
    batch([statusEvent('a', 1, 'working'), statusEvent('b', 1, 'working')], working),
    batch([statusEvent('a', 2, 'done'), statusEvent('b', 2, status), statusEvent('zzz', 9, 'done')], ended),
  ];
};

describe('flotilla run (in-process, fake fleet)', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'flotilla-run-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const run = (ctx: FakeContext, ...args: string[]) => runCli(['run', '--repo', 'repo', ...args, 'Add a note'], ctx);

  it('prints one aligned line per agent and exits 0 when all are done', async () => {
    const fleet = scriptedFleet(finishBoth('done'));
    const ctx = fakeContext(home, fleet);
    expect(await run(ctx, '--agents', '2', '--demo')).toBe(0);
    expect(ctx.stdout.text()).toBe('flotilla/task-a  done  1 files  +2 -3\nflotilla/task-b  done  1 files  +2 -3\n');
    // First app.info, for the sandbox line; then the task, with no sandbox grants unless asked.
    expect(fleet.calls[1]).toEqual({
      command: 'task.run',
      params: {
        repoPath: join(home, 'repo'),
        prompt: 'Add a note',
        agents: 2,
        demoScript: null,
        approvalMode: 'full-auto',
        sandbox: { network: false, credentials: [] },
      },
    });
    expect(ctx.fleetOptions[0]).toMatchObject({ dataDir: home, forceDemo: true, initialRepo: null, pickFolder: null });
    expect(ctx.stderr.text()).toContain('agent 2 (flotilla/task-b) done');
    expect(fleet.disposed).toBe(true);
    expect(fleet.listenerCount()).toBe(0);
  });

  it('sends the agent kinds and the task\'s own Codex setup; refuses an unknown setup before starting anything', async () => {
    const fleet = scriptedFleet(finishBoth('done'));
    const ctx = fakeContext(home, fleet);
    expect(await run(ctx, '--agent', 'codex,builtin', '--codex-setup', 'mine')).toBe(0);
    expect(fleet.calls.find((c) => c.command === 'task.run')?.params).toMatchObject({ agentKinds: ['codex', 'builtin'], codexSetup: 'mine' });

    const refused = fakeContext(home, scriptedFleet(finishBoth('done')));
    expect(await run(refused, '--codex-setup', 'theirs')).toBe(2);
    expect(refused.stderr.text()).toContain('--codex-setup theirs: choose flotilla or mine.');
    expect(refused.fleetOptions).toEqual([]);
  });

  it('waits for the diff stats that follow the last turn before reporting', async () => {
    const turnEnd = (threadId: string, seq: number): ThreadEvent => ({
      threadId, seq, ts: 2_000, msg: { type: 'turn_completed', turnId: 'turn-1', summary: null },
    });
    const diff = (threadId: string, seq: number): ThreadEvent => ({
      threadId, seq, ts: 3_000, msg: { type: 'diff_stat', diffStat: { files: 2, additions: 9, deletions: 1 } },
    });
    const fleet = scriptedFleet((threads) => {
      const done = threads.map((t) => ({ ...t, status: 'done' as const }));
      return [
        batch([turnEnd('a', 1), statusEvent('a', 2, 'done'), turnEnd('b', 1), statusEvent('b', 2, 'done')], done),
        batch([diff('a', 3)], [{ ...done[0]!, diffStat: { files: 2, additions: 9, deletions: 1 } }]),
        batch([diff('b', 3)], done.map((t) => ({ ...t, diffStat: { files: 2, additions: 9, deletions: 1 } }))),
      ];
    });
    const ctx = fakeContext(home, fleet);
    expect(await run(ctx)).toBe(0);
    expect(ctx.stdout.text()).toBe('flotilla/task-a  done  2 files  +9 -1\nflotilla/task-b  done  2 files  +9 -1\n');
  });

  it('exits 1 when an agent did not finish its work', async () => {
    const ctx = fakeContext(home, scriptedFleet(finishBoth('failed')));
    expect(await run(ctx)).toBe(1);
    expect(ctx.stdout.text()).toContain('flotilla/task-b  failed');
  });

  it('with --json prints only this task\'s thread events, once each, including late ones', async () => {
    const late = [statusEvent('b', 3, 'done')];
    const ctx = fakeContext(home, scriptedFleet(finishBoth('done'), late));
    expect(await run(ctx, '--json')).toBe(0);
    const lines = ctx.stdout.text().trim().split('\n').map((line) => JSON.parse(line) as ThreadEvent);
    expect(lines.map((e) => `${e.threadId}:${e.seq}`)).toEqual(['a:1', 'b:1', 'a:2', 'b:2', 'b:3']);
  });

  it('prints the fleet\'s message and exits 2 when the task cannot start', async () => {
    const fleet = createFakeFleet({ 'task.run': () => fail('path_not_found', 'No folder at /x/repo.') });
    const ctx = fakeContext(home, fleet);
    expect(await run(ctx)).toBe(2);
    expect(ctx.stderr.text()).toBe('No folder at /x/repo.\n');
    expect(fleet.disposed).toBe(true);
  });

  it('interrupts every agent on SIGINT and exits 130', async () => {
    const fleet = scriptedFleet((threads) => [batch([], threads.map((t) => ({ ...t, status: 'working' })))]);
    const ctx = fakeContext(home, fleet);
    const exit = run(ctx, '--demo-script', 'slow');
    await waitFor(() => fleet.calls.some((c) => c.command === 'task.run') && ctx.waiting() > 0, 20_000, 'task start');
    ctx.raise('SIGINT');
    expect(await exit).toBe(130);
    const interrupts = fleet.calls.filter((c) => c.command === 'thread.interrupt').map((c) => c.params);
    expect(interrupts).toEqual([{ threadId: 'a' }, { threadId: 'b' }]);
    expect(fleet.calls.find((c) => c.command === 'task.run')?.params).toMatchObject({ demoScript: 'slow' });
    expect(fleet.disposed).toBe(true);
  });
});
