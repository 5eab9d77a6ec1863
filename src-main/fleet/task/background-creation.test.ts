/**
 * task.run returns before the worktrees exist: with real git, real worktrees and real workers.
 * A smudge filter that waits for a file holds every checkout as long as the test wants, so "the
 * worktree is still being made" is a state the test controls, not a race it hopes to win.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { git } from '../../git/test-support/temp-repo';
import { createFleetFixture, type FleetFixture } from '../test-support/fleet-fixture';
import { call, startTask, waitForThreads } from '../test-support/fleet-test-support';

let fx: FleetFixture;
let gate: string;
beforeEach(async () => {
  fx = await createFleetFixture();
  gate = join(fx.dir, 'checkout-may-go-on');
  // Checking out a *.held file waits until the gate file exists.
  git(fx.repo, ['config', 'filter.held.smudge', `sh -c 'while [ ! -e "${gate}" ]; do sleep 0.02; done; cat'`]);
  git(fx.repo, ['config', 'filter.held.clean', 'cat']);
  git(fx.repo, ['config', 'filter.held.required', 'true']);
  writeFileSync(join(fx.repo, '.gitattributes'), '*.held filter=held\n');
  writeFileSync(join(fx.repo, 'big.held'), 'held back\n');
  git(fx.repo, ['add', '-A']);
  git(fx.repo, ['commit', '-q', '-m', 'a file whose checkout waits']);
});
afterEach(() => fx.cleanup());

const branches = () => git(fx.repo, ['branch', '--list', 'flotilla/*', '--format=%(refname:short)']).trim();

describe('task.run while the worktrees are being made', () => {
  it('returns at once with the threads setting up, answers threads.list meanwhile, then starts each agent', async () => {
    const fleet = await fx.openFleet();
    const started = await startTask(fleet, { repoPath: fx.repo, prompt: 'Go', agents: 2 });
    expect(started.threads.map((t) => t.status)).toEqual(['setting_up', 'setting_up']);
    // The checkout is held: threads.list answers while it is.
    await waitForThreads(fleet, (ts) => ts.some((t) => t.activity === 'Creating worktree…'), 'a worktree being made');
    const listed = await call(fleet, 'threads.list', {});
    expect(listed.map((t) => t.status)).toEqual(['setting_up', 'setting_up']);
    expect(started.threads.some((t) => existsSync(join(t.worktreePath, 'big.held')))).toBe(false);

    writeFileSync(gate, '');
    await waitForThreads(fleet, (ts) => ts.length === 2 && ts.every((t) => t.status === 'done'), 'both agents done');
    for (const thread of started.threads) expect(existsSync(join(thread.worktreePath, 'big.held'))).toBe(true);
    await fleet.dispose();
  });

  it('cancels a setting-up thread on interrupt, and one still waiting on discard, leaving nothing behind; the others go on', async () => {
    const fleet = await fx.openFleet();
    const started = await startTask(fleet, { repoPath: fx.repo, prompt: 'Go', agents: 3 });
    const [first, second, third] = started.threads.map((t) => t.id);
    await waitForThreads(fleet, (ts) => ts.find((t) => t.id === first)?.activity === 'Creating worktree…', 'the first worktree being made');
    await call(fleet, 'thread.interrupt', { threadId: first! });
    await call(fleet, 'thread.discard', { threadId: second!, force: false });
    writeFileSync(gate, '');
    await waitForThreads(fleet, (ts) => ts.find((t) => t.id === third)?.status === 'done', 'the third agent done');
    const listed = await call(fleet, 'threads.list', {});
    const byId = new Map(listed.map((t) => [t.id, t]));
    expect(byId.get(first!)?.status).toBe('failed');
    expect(byId.get(first!)?.error).toMatch(/^Cancelled while this thread's worktree was being made/);
    expect(byId.get(second!)?.mergeState).toBe('discarded');
    for (const id of [first, second]) expect(existsSync(byId.get(id!)!.worktreePath)).toBe(false);
    expect(branches()).toBe(byId.get(third!)!.branch);
    await fleet.dispose();
  });

  it('undoes the creation when the fleet stops, and the threads say so after a restart', async () => {
    const fleet = await fx.openFleet();
    const started = await startTask(fleet, { repoPath: fx.repo, prompt: 'Go', agents: 2 });
    await waitForThreads(fleet, (ts) => ts.some((t) => t.activity === 'Creating worktree…'), 'a worktree being made');
    await fleet.dispose();
    expect(branches()).toBe('');
    for (const thread of started.threads) expect(existsSync(thread.worktreePath)).toBe(false);

    writeFileSync(gate, '');
    const next = await fx.openFleet();
    const listed = await call(next, 'threads.list', {});
    expect(listed.map((t) => t.status)).toEqual(['failed', 'failed']);
    expect(listed[0]?.error).toMatch(/^Flotilla stopped before this thread's worktree was ready/);
    await next.dispose();
  });
});
