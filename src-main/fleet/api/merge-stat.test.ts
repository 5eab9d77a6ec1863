/**
 * A merged thread keeps showing what it landed: the stat of its work recorded at merge time, not
 * a diff against a base that now contains that work (which says "0 files" after a merge commit).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFleetFixture, type FleetFixture } from '../test-support/fleet-fixture';
import type { FleetService } from '../fleet-service';
import { waitForEvent } from '../test-support/fleet-control-support';
import { call, waitForThreads } from '../test-support/fleet-test-support';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), '../../../dist/main/worker.cjs');
const FIVE_LINES = ['*** Add File: greeting.txt', '+one', '+two', '+three', '+four', '+five'];
const SCRIPT = {
  name: 'greeter',
  responses: [
    { output: [{ type: 'custom_tool_call', name: 'apply_patch', input: ['*** Begin Patch', ...FIVE_LINES, '*** End Patch'].join('\n') }] },
    { output: [{ type: 'message', text: 'added the greeting' }] },
  ],
};
const LANDED = { files: 1, additions: 5, deletions: 0 };

/** The diff stat the thread shows once the merge's own update of it has come. */
async function statAfterMerge(fleet: FleetService, threadId: string): Promise<unknown> {
  const events = await waitForEvent(fleet, threadId, (e) => e.msg.type === 'merge_state' && e.msg.mergeState === 'merged', 'the merge');
  const mergedAt = events.find((e) => e.msg.type === 'merge_state' && e.msg.mergeState === 'merged')!.seq;
  const after = await waitForEvent(fleet, threadId, (e) => e.seq > mergedAt && e.msg.type === 'diff_stat', 'the stat after the merge');
  const stats = after.filter((e) => e.msg.type === 'diff_stat');
  const last = stats[stats.length - 1]!.msg;
  return last.type === 'diff_stat' ? last.diffStat : null;
}

describe('the diff stat of a merged thread', () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  it('stays the stat of the work it landed, whatever the strategy and however much of it the base already had', async () => {
    const fleet = await fx.openFleet({ forceDemo: true, workerEntry: WORKER });
    const scriptPath = join(fx.scriptsDir, 'greeter.json');
    writeFileSync(scriptPath, JSON.stringify(SCRIPT));
    const started = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Add a greeting', agents: 3, demoScript: scriptPath });
    const [first, second, third] = started.threads.map((t) => t.id);
    await waitForThreads(fleet, (ts) => ts.length === 3 && ts.every((t) => t.status === 'done' && t.diffStat?.files === 1), 'three agents', 120_000);

    // Two cards of one task, merged one way and the other: both say what they landed.
    await call(fleet, 'merge.run', { threadIds: [first!], strategy: 'merge' });
    await call(fleet, 'merge.run', { threadIds: [second!], strategy: 'squash' });
    // The third brings what the base already has: it still landed its one file.
    await call(fleet, 'merge.run', { threadIds: [third!], strategy: 'squash' });
    for (const id of [first!, second!, third!]) expect({ id, stat: await statAfterMerge(fleet, id) }).toEqual({ id, stat: LANDED });
    const summaries = await call(fleet, 'threads.list', {});
    expect(summaries.map((t) => t.diffStat)).toEqual([LANDED, LANDED, LANDED]);
  }, 240_000);
});
