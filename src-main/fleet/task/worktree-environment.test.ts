/**
 * flotilla.json as the fleet uses it, with real git, real worktrees and real worker processes
 * (the fake worker reports the shell environment it was configured with): ignored files copied,
 * disjoint port blocks kept across a restart, FLOTILLA_* variables, peers' files, bad files.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { git } from '../../git/test-support/temp-repo';
import { createFleetFixture, type FleetFixture } from '../test-support/fleet-fixture';
import type { FleetService } from '../fleet-service';
import { call, threadEvents, waitForThreads } from '../test-support/fleet-test-support';

let fx: FleetFixture;
beforeEach(async () => {
  fx = await createFleetFixture();
});
afterEach(() => fx.cleanup());

function commitToRepo(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) writeFileSync(join(fx.repo, path), text);
  git(fx.repo, ['add', '-A']);
  git(fx.repo, ['commit', '-q', '-m', 'environment']);
}

/** The agentEnv each worker of the thread was configured with, oldest first. */
async function agentEnvs(fleet: FleetService, threadId: string): Promise<Record<string, string>[]> {
  const events = await threadEvents(fleet, threadId);
  return events.flatMap((e) => {
    if (e.msg.type !== 'item_completed' || e.msg.item.type !== 'assistant_message') return [];
    const json = /agentEnv=(\{.*?\})(?: |$)/.exec(e.msg.item.text)?.[1];
    return json ? [JSON.parse(json) as Record<string, string>] : [];
  });
}

async function runAndSettle(fleet: FleetService, agents: number) {
  const started = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Go', agents });
  await waitForThreads(fleet, (ts) => ts.length === agents && ts.every((t) => t.status === 'done'), 'every thread done');
  return started;
}

describe('a repository with flotilla.json', () => {
  it('gives each worktree its ignored files, its own port block and the FLOTILLA_* variables, kept across a restart', async () => {
    commitToRepo({ '.gitignore': '.env\n', 'flotilla.json': JSON.stringify({ copy: ['.env'], ports: 5 }) });
    writeFileSync(join(fx.repo, '.env'), 'SECRET_FOR_DEV=1\n');
    const fleet = await fx.openFleet();
    const started = await runAndSettle(fleet, 3);
    expect(started.notes).toEqual([]);

    const ports: number[] = [];
    for (const thread of started.threads) {
      expect(readFileSync(join(thread.worktreePath, '.env'), 'utf8')).toBe('SECRET_FOR_DEV=1\n');
      const [env] = await agentEnvs(fleet, thread.id);
      expect(env).toMatchObject({ FLOTILLA_ROOT: fx.repo, FLOTILLA_WORKTREE: thread.worktreePath, FLOTILLA_THREAD: thread.id, FLOTILLA_PORT_COUNT: '5' });
      ports.push(Number(env?.FLOTILLA_PORT));
    }
    const sorted = [...ports].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i += 1) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(5);

    await fleet.dispose();
    const again = await fx.openFleet();
    const first = started.threads[0]!;
    await call(again, 'thread.send', { threadId: first.id, text: 'One more thing', mode: 'queue' });
    await waitForThreads(again, (ts) => ts.find((t) => t.id === first.id)?.status === 'done' && ts.length === 3, 'the follow-up done');
    // The follow-up's turn may not have begun when the thread is first seen done: waited for, however loaded the machine.
    await expect.poll(async () => (await agentEnvs(again, first.id)).length, { timeout: 30_000 }).toBe(2);
    const envs = await agentEnvs(again, first.id);
    expect(envs[1]?.FLOTILLA_PORT).toBe(String(ports[0]));
  });

  it("lets the user's own agentEnv win over FLOTILLA_PORT", async () => {
    const settingsFile = join(fx.dataDir, 'settings.json');
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(settingsFile, JSON.stringify({ ...settings, agentEnv: ['FLOTILLA_PORT'] }));
    process.env.FLOTILLA_PORT = '4100';
    try {
      const fleet = await fx.openFleet();
      const started = await runAndSettle(fleet, 1);
      const [env] = await agentEnvs(fleet, started.threads[0]!.id);
      expect(env?.FLOTILLA_PORT).toBe('4100');
    } finally {
      delete process.env.FLOTILLA_PORT;
    }
  });

  it('refuses a task whose flotilla.json is wrong, naming the key, and creates nothing', async () => {
    commitToRepo({ 'flotilla.json': JSON.stringify({ setpu: 'npm ci' }) });
    const fleet = await fx.openFleet();
    const refused = await fleet.handle('task.run', { repoPath: fx.repo, prompt: 'Go', agents: 2 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad_project_config' } });
    if (refused.ok) return;
    expect(refused.error.message).toContain('unknown key "setpu"');
    expect(existsSync(join(fx.dataDir, 'worktrees')) ? readdirSync(join(fx.dataDir, 'worktrees')) : []).toEqual([]);
    expect(await call(fleet, 'threads.list', {})).toEqual([]);
  });

  it("reads a peer's file and says so", async () => {
    commitToRepo({ 'conductor.json': JSON.stringify({ scripts: { run: 'npm run dev' } }) });
    const fleet = await fx.openFleet();
    const started = await runAndSettle(fleet, 1);
    expect(started.notes[0]).toContain('conductor.json (Conductor)');
    // setup runs, run commands are started from the thread: nothing is reported as left unrun.
    expect(started.notes.join('\n')).not.toContain('does not run');
  });

  it('says when the checkout has uncommitted changes the agents will not have', async () => {
    writeFileSync(join(fx.repo, 'README.md'), '# changed, not committed\n');
    const fleet = await fx.openFleet();
    const started = await runAndSettle(fleet, 1);
    expect(started.notes.join('\n')).toMatch(/uncommitted changes to 1 tracked file; the agents start from the last commit without them/);
    expect(readFileSync(join(started.threads[0]!.worktreePath, 'README.md'), 'utf8')).toBe('# demo\n');
  });

  it('carries the uncommitted changes into each worktree when asked, leaving the checkout as it was', async () => {
    commitToRepo({ '.gitignore': 'build/\n' });
    writeFileSync(join(fx.repo, 'README.md'), '# changed, not committed\n');
    writeFileSync(join(fx.repo, 'src/index.ts'), 'export const x = 2;\n');
    git(fx.repo, ['add', 'src/index.ts']);
    writeFileSync(join(fx.repo, 'notes.txt'), 'untracked\n');
    mkdirSync(join(fx.repo, 'build'));
    writeFileSync(join(fx.repo, 'build', 'out.js'), 'ignored\n');
    const before = [git(fx.repo, ['status', '--porcelain']), git(fx.repo, ['diff', '--cached']), git(fx.repo, ['stash', 'list'])];
    const fleet = await fx.openFleet();
    const started = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Go', agents: 2, carryChanges: true });
    await waitForThreads(fleet, (ts) => ts.length === 2 && ts.every((t) => t.status === 'done'), 'every thread done');
    expect(started.notes.join('\n')).toMatch(/uncommitted changes \(2 tracked files and 1 untracked file\) are carried into each worktree/);
    for (const { worktreePath } of started.threads) {
      expect(readFileSync(join(worktreePath, 'README.md'), 'utf8')).toBe('# changed, not committed\n');
      expect(readFileSync(join(worktreePath, 'src/index.ts'), 'utf8')).toBe('export const x = 2;\n');
      expect(readFileSync(join(worktreePath, 'notes.txt'), 'utf8')).toBe('untracked\n');
      expect(existsSync(join(worktreePath, 'build'))).toBe(false);
    }
    expect([git(fx.repo, ['status', '--porcelain']), git(fx.repo, ['diff', '--cached']), git(fx.repo, ['stash', 'list'])]).toEqual(before);
  });
});
