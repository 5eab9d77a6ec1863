/**
 * One real thread end to end: the fleet forks the built agent worker (dist/main/worker.cjs, built
 * by the test global setup) in demo mode, against the in-process demo model server.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ThreadEvent } from '../../src-shared/protocol/thread-events';
import { repoFingerprint } from '../git/test-support/temp-repo';
import { createFleetFixture, type FleetFixture } from './test-support/fleet-fixture';
import { call, threadEvents, waitForThreads } from './test-support/fleet-test-support';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), '../../dist/main/worker.cjs');

describe('fleet end to end with the real worker and the demo model', () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  it('runs the default demo script in its own worktree to done', async () => {
    const before = repoFingerprint(fx.repo);
    const fleet = await fx.openFleet({ forceDemo: true, workerEntry: WORKER });
    const live: ThreadEvent[] = [];
    fleet.onEvent((batch) => live.push(...batch.events));
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Show the demo', agents: 1 });
    expect(run.threads[0]).toMatchObject({ demo: true, providerLabel: 'Demo model (scripted)' });

    const [thread] = await waitForThreads(
      fleet,
      (ts) => ts[0]?.status === 'failed' || (ts[0]?.status === 'done' && ts[0].diffStat !== null),
      'the demo agent to finish',
      60_000,
    );
    expect(thread).toMatchObject({ status: 'done', error: null, diffStat: { files: 1, additions: 5, deletions: 0 } });
    expect(thread!.usage.inputTokens).toBeGreaterThan(0);
    const note = readFileSync(join(thread!.worktreePath, 'flotilla-demo/agent-1.md'), 'utf8');
    expect(note).toContain('Task: Show the demo');

    const events = await threadEvents(fleet, thread!.id);
    const types = new Set(events.map((e) => e.msg.type));
    for (const type of ['ready', 'turn_started', 'item_started', 'item_completed', 'usage', 'turn_completed', 'diff_stat']) {
      expect(types).toContain(type);
    }
    // The text streamed live; once its items completed, the fleet keeps them and not their deltas.
    expect(live.some((e) => e.msg.type === 'item_delta')).toBe(true);
    expect(types).not.toContain('item_delta');
    expect(repoFingerprint(fx.repo)).toEqual(before);
  });
});
