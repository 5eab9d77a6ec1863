/**
 * Review and merge through the fleet, with real workers following demo scripts: agents edit
 * files (never committing), the fleet checkpoints each turn, diffs, checks and runs the merge
 * train, hands a conflict back to the agent, and refuses to lose unmerged work.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FleetService } from '../fleet-service';
import { createFleetFixture, type FleetFixture } from '../test-support/fleet-fixture';
import { waitForEvent } from '../test-support/fleet-control-support';
import { call, waitForThreads } from '../test-support/fleet-test-support';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), '../../../dist/main/worker.cjs');

const patchStep = (patch: string[]) => ({ output: [{ type: 'custom_tool_call', name: 'apply_patch', input: ['*** Begin Patch', ...patch, '*** End Patch'].join('\n') }] });
const say = (text: string) => ({ output: [{ type: 'message', text }] });
const run = (cmd: string) => ({ output: [{ type: 'function_call', name: 'exec_command', arguments: { cmd } }] });

const SCRIPTS: Record<string, unknown[]> = {
  alpha: [patchStep(['*** Update File: README.md', '@@', '-# demo', '+# demo by alpha', '*** Add File: alpha.txt', '+alpha']), say('alpha done')],
  bravo: [
    patchStep(['*** Update File: README.md', '@@', '-# demo', '+# demo by bravo']),
    say('bravo done'),
    // Its second turn is the conflict task: it rewrites the file without markers.
    run("printf '# demo by alpha and bravo\\n' > README.md"),
    say('bravo resolved the conflict'),
  ],
  charlie: [patchStep(['*** Add File: charlie.txt', '+charlie']), say('charlie done')],
};

const git = (cwd: string, args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' });

function checkpointed(fleet: FleetService, threadId: string, turn: number): Promise<unknown> {
  return waitForEvent(fleet, threadId, (e) => e.msg.type === 'checkpoint' && e.msg.turn === turn, `the checkpoint of turn ${turn}`);
}

describe('review and merge through the fleet', () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  it('diffs, checks, merges, hands a conflict to the agent and discards safely', async () => {
    const fleet = await fx.openFleet({ forceDemo: true, workerEntry: WORKER });
    const ids: Record<string, string> = {};
    for (const [name, responses] of Object.entries(SCRIPTS)) {
      const scriptPath = join(fx.scriptsDir, `${name}.json`);
      writeFileSync(scriptPath, JSON.stringify({ name, responses }));
      const started = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: `Task ${name}`, agents: 1, demoScript: scriptPath });
      ids[name] = started.threads[0]!.id;
    }
    await waitForThreads(fleet, (ts) => ts.length === 3 && ts.every((t) => t.status === 'done' && t.diffStat !== null), 'three agents', 120_000);
    for (const id of Object.values(ids)) await checkpointed(fleet, id, 1);

    const diff = await call(fleet, 'thread.diff', { threadId: ids.alpha! });
    expect(diff.files.map((f) => [f.path, f.status, f.additions, f.deletions])).toEqual([['README.md', 'modified', 1, 1], ['alpha.txt', 'added', 1, 0]]);
    expect((await call(fleet, 'thread.diff', { threadId: ids.alpha!, turn: 1 })).files).toHaveLength(2);
    expect((await call(fleet, 'thread.checkpoints', { threadId: ids.alpha! })).map((c) => c.turn)).toEqual([1]);

    const matrix = await call(fleet, 'merge.check', { threadIds: [ids.alpha!, ids.bravo!, ids.charlie!] });
    expect(matrix.pairs.filter((p) => p.conflicts.length > 0)).toEqual([{ a: ids.alpha, b: ids.bravo, conflicts: ['README.md'] }]);

    // A dirty checked-out base is refused before anything moves.
    writeFileSync(join(fx.repo, 'src/index.ts'), 'export const x = 2;\n');
    const refused = await fleet.handle('merge.run', { threadIds: [ids.alpha!], strategy: 'squash' });
    expect(refused).toEqual({ ok: false, error: { code: 'worktree_dirty', message: expect.stringContaining(`The base branch main is checked out in ${fx.repo}`) } });
    git(fx.repo, ['checkout', '--', 'src/index.ts']);

    const report = await call(fleet, 'merge.run', { threadIds: [ids.alpha!, ids.bravo!, ids.charlie!], strategy: 'squash' });
    expect(report).toEqual({ merged: [{ threadId: ids.alpha, commit: expect.any(String) }], stopped: { threadId: ids.bravo, conflicts: ['README.md'] } });
    expect(git(fx.repo, ['log', '-1', '--format=%B', 'main'])).toContain('Task alpha\n\nalpha done');
    expect(readFileSync(join(fx.repo, 'README.md'), 'utf8')).toBe('# demo by alpha\n');
    await waitForThreads(fleet, (ts) => ts.find((t) => t.id === ids.alpha)?.mergeState === 'merged', 'alpha merged');

    await call(fleet, 'merge.resolve', { threadId: ids.bravo! });
    await checkpointed(fleet, ids.bravo!, 2);
    const resolved = await call(fleet, 'merge.run', { threadIds: [ids.bravo!, ids.charlie!], strategy: 'merge' });
    expect(resolved.stopped).toBeNull();
    expect(readFileSync(join(fx.repo, 'README.md'), 'utf8')).toBe('# demo by alpha and bravo\n');
    expect(existsSync(join(fx.repo, 'charlie.txt'))).toBe(true);
    git(fx.repo, ['fsck', '--strict', '--no-progress']);

    expect(await call(fleet, 'thread.discard', { threadId: ids.alpha! })).toEqual({ keptRef: null });
    writeFileSync(join((await call(fleet, 'threads.list', {})).find((t) => t.id === ids.charlie)!.worktreePath, 'late.txt'), 'late\n');
    const unmerged = await fleet.handle('thread.discard', { threadId: ids.charlie! });
    expect(unmerged).toMatchObject({ ok: false, error: { code: 'unmerged_work' } });
    expect(await call(fleet, 'thread.discard', { threadId: ids.charlie!, force: true })).toEqual({ keptRef: `refs/flotilla/discarded/${ids.charlie}` });
    expect(git(fx.repo, ['show', `refs/flotilla/discarded/${ids.charlie}:late.txt`])).toBe('late\n');
  }, 240_000);
});
