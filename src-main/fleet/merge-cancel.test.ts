/**
 * Stopping the fleet while a merge is inside a long git call: the call is stopped at once, the
 * command answers `cancelled`, and the base branch, the thread's branch and the refs are untouched.
 */
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installSlowFilter, type SlowFilter } from '../git/test-support/slow-filter';
import { createFleetFixture, type FleetFixture } from './test-support/fleet-fixture';
import { call, waitForThreads } from './test-support/fleet-test-support';

const git = (cwd: string, args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' });

describe('cancelling a merge', () => {
  let fx: FleetFixture;
  let filter: SlowFilter | null = null;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(async () => {
    filter?.release();
    await fx.cleanup();
  });

  it('ends cancelled with nothing half-done when the fleet stops', async () => {
    const fleet = await fx.openFleet();
    const started = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Write a file', agents: 1 });
    const threadId = started.threads[0]!.id;
    const [thread] = await waitForThreads(fleet, (ts) => ts.length === 1 && ts[0]!.status === 'done' && ts[0]!.diffStat !== null, 'the agent to finish');
    filter = installSlowFilter(fx.repo, thread!.worktreePath, fx.dir);
    const refs = git(fx.repo, ['for-each-ref']);

    const merging = fleet.handle('merge.run', { threadIds: [threadId], strategy: 'squash' });
    await filter.started();
    const stopping = fleet.dispose();
    expect(await merging).toEqual({ ok: false, error: { code: 'cancelled', message: expect.stringContaining('cancelled before it changed anything') } });
    await stopping;
    expect(git(fx.repo, ['for-each-ref'])).toBe(refs);
    expect(git(fx.repo, ['status', '--porcelain'])).toBe('');
  });
});
