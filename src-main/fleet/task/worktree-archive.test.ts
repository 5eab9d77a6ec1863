/**
 * thread.archive and thread.restore with the real worker, its real shell, and real git: archiving
 * runs teardown, removes the worktree and keeps the branch, the checkpoints and what was not
 * committed; restoring makes the worktree again with all of it and runs setup again.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DemoModelServer } from '../../demo/server';
import type { StartDemoServer } from '../demo-model';
import { execStep, messageStep, runScripted, startTestDemoServer, waitForThread, WORKER } from '../test-support/fleet-control-support';
import { createFleetFixture, type FleetFixture } from '../test-support/fleet-fixture';
import { call } from '../test-support/fleet-test-support';

let fx: FleetFixture;
let demo: DemoModelServer;
let startDemo: StartDemoServer;
beforeEach(async () => {
  fx = await createFleetFixture();
  ({ server: demo, start: startDemo } = await startTestDemoServer());
});
afterEach(async () => {
  await fx.cleanup();
  await demo.close();
});

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

describe('archiving a thread', () => {
  it('runs teardown, removes the worktree keeping branch, checkpoints and uncommitted work, and restores all of it with setup run again', async () => {
    writeFileSync(join(fx.repo, 'flotilla.json'), JSON.stringify({ setup: 'echo "setup-ran-$((40+2))" > setup.out', teardown: 'echo "teardown-ran-$FLOTILLA_THREAD"' }));
    writeFileSync(join(fx.repo, '.gitignore'), 'setup.out\n');
    git(fx.repo, 'add', '-A');
    git(fx.repo, '-c', 'user.email=t@flotilla.test', '-c', 'user.name=T', 'commit', '-q', '-m', 'flotilla.json');
    const fleet = await fx.openFleet({ forceDemo: true, workerEntry: WORKER, startDemoServer: startDemo });
    const id = await runScripted(fleet, fx, 'archive', 'Work', [execStep('echo made > made.txt'), messageStep('Done.')]);
    const done = await waitForThread(fleet, id, (t) => t.status === 'done' && t.diffStat !== null && typeof t.worktreeBytes === 'number', 'the agent, its checkpoint, and its worktree measured');
    const { worktreePath, branch } = done;
    expect(done.worktreeBytes).toBeGreaterThan(0);
    writeFileSync(join(worktreePath, 'notes.txt'), 'not committed\n');
    // The turn's checkpoint is taken after the turn ends.
    const listRefs = () => git(fx.repo, 'for-each-ref', '--format=%(refname)', `refs/flotilla/${id}`);
    await expect.poll(listRefs, { timeout: 30_000 }).not.toBe('');
    const checkpoints = listRefs();

    const archived = await call(fleet, 'thread.archive', { threadId: id });
    expect(archived.keptRef).toBe(`refs/flotilla/archived/${id}`);
    expect(existsSync(worktreePath)).toBe(false);
    expect(git(fx.repo, 'branch', '--list', branch)).toContain(branch);
    expect(git(fx.repo, 'for-each-ref', '--format=%(refname)', `refs/flotilla/${id}`)).toBe(checkpoints);
    expect(fx.logger.lines.join('\n')).toContain(`teardown-ran-${id}`);
    const listed = await waitForThread(fleet, id, (t) => t.archived === true, 'the thread shown archived');
    expect(listed).toMatchObject({ worktreeBytes: null, status: 'done' });
    const refused = await fleet.call('thread.send', { threadId: id, text: 'more', mode: 'queue' });
    expect(refused.ok ? null : refused.error.message).toMatch(/archived.*Restore it first/);

    await call(fleet, 'thread.restore', { threadId: id });
    const back = await waitForThread(fleet, id, (t) => t.status === 'done' && t.archived === false && t.activity === 'Restored', 'the restored thread');
    expect(back.error).toBeNull();
    expect(readFileSync(join(worktreePath, 'notes.txt'), 'utf8')).toBe('not committed\n');
    expect(readFileSync(join(worktreePath, 'made.txt'), 'utf8')).toBe('made\n');
    expect(readFileSync(join(worktreePath, 'setup.out'), 'utf8')).toContain('setup-ran-42');
    expect(git(fx.repo, 'for-each-ref', `refs/flotilla/archived/${id}`)).toBe('');
    const again = await fleet.call('thread.restore', { threadId: id });
    expect(again.ok ? null : again.error.code).toBe('invalid_state');
  }, 120_000);
});
