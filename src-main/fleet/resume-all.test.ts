/**
 * `resume --all` after Flotilla stopped under running agents: the threads it stopped come back
 * interrupted and are resumed; one the user interrupted by hand is left alone.
 */
import { cpSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFleetFixture, type FleetFixture } from './test-support/fleet-fixture';
import { call, waitForThreads } from './test-support/fleet-test-support';
import { RESTART_ACTIVITY, SHUTDOWN_ACTIVITY } from './thread';

describe('threads.resumeAll', () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  it('resumes the threads a crash or a close stopped, not the one interrupted by hand', async () => {
    const fleet = await fx.openFleet();
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: '[hold] forever', agents: 3 });
    const [byHand, crashed, closed] = run.threads.map((t) => t.id) as [string, string, string];
    await waitForThreads(fleet, (ts) => ts.every((t) => t.status === 'working'), 'agents working');
    await call(fleet, 'thread.interrupt', { threadId: byHand });
    await waitForThreads(fleet, (ts) => ts.find((t) => t.id === byHand)?.status === 'interrupted', 'the interrupt');

    // What a crash leaves on disk: the logs as they are now, with two threads still working.
    const crashDir = join(fx.dir, 'crashed-data');
    cpSync(fx.dataDir, crashDir, { recursive: true, filter: (src) => basename(src) !== 'worktrees' && !src.endsWith('.lock') });
    await fleet.dispose();

    const afterCrash = await fx.openFleet({ dataDir: crashDir });
    const restored = await call(afterCrash, 'threads.list', {});
    expect(restored.map((t) => [t.status, t.activity])).toEqual([
      ['interrupted', 'Interrupted'],
      ['interrupted', RESTART_ACTIVITY],
      ['interrupted', RESTART_ACTIVITY],
    ]);
    expect(await call(afterCrash, 'threads.resumeAll', {})).toEqual({ count: 2 });
    const resumed = await waitForThreads(afterCrash, (ts) => ts.filter((t) => t.status === 'done').length === 2, 'the resumed turns');
    expect(resumed.find((t) => t.id === byHand)!.status).toBe('interrupted');
    expect(resumed.filter((t) => t.id === crashed || t.id === closed).map((t) => t.status)).toEqual(['done', 'done']);
    await afterCrash.dispose();

    // A clean close under running agents counts the same.
    const reopened = await fx.openFleet();
    const threads = await call(reopened, 'threads.list', {});
    expect(threads.filter((t) => t.id !== byHand).map((t) => t.activity)).toEqual([SHUTDOWN_ACTIVITY, SHUTDOWN_ACTIVITY]);
    expect(await call(reopened, 'threads.resumeAll', {})).toEqual({ count: 2 });
  });
});
