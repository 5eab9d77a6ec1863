import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { git } from '../git/test-support/temp-repo';
import { createFleetFixture, writeSettings, type FleetFixture } from './test-support/fleet-fixture';
import type { FleetService } from './fleet-service';
import { call } from './test-support/fleet-test-support';

describe('fleet commands: validation and errors as data', () => {
  let fx: FleetFixture;
  let fleet: FleetService;
  beforeEach(async () => {
    fx = await createFleetFixture();
    fleet = await fx.openFleet();
  });
  afterEach(() => fx.cleanup());

  const errorOf = async (command: string, params: unknown) => {
    const result = await fleet.handle(command, params);
    if (result.ok) throw new Error(`${command} unexpectedly succeeded`);
    return result.error;
  };

  it('rejects unknown commands and bad params', async () => {
    expect(await errorOf('thread.explode', {})).toEqual({ code: 'unknown_command', message: 'Unknown command "thread.explode".' });
    const bad = await errorOf('task.run', { repoPath: fx.repo, prompt: 'x', agents: 'two' });
    expect(bad.code).toBe('invalid_request');
    expect(bad.message).toMatch(/^Invalid parameters for task.run: agents: .*expected number/);
    expect((await errorOf('thread.send', { threadId: 't', text: '', mode: 'shout' })).message).toMatch(/text: .*; mode: /);
    expect((await errorOf('repo.open', null)).code).toBe('invalid_request');
  });

  it('rejects agent counts outside 1..64 (max agents limits how many run at once, not a task)', async () => {
    const message = `Choose between 1 and 64 agents in one task; maxAgents (16 in ${join(fx.dataDir, 'settings.json')}) limits how many run at once, the rest wait for a slot.`;
    for (const agents of [0, 1000, -1]) {
      expect(await errorOf('task.run', { repoPath: fx.repo, prompt: 'x', agents })).toEqual({ code: 'invalid_agent_count', message });
    }
    expect(existsSync(join(fx.dataDir, 'worktrees'))).toBe(false);
  });

  it('reports repositories it cannot use, for repo.open and task.run alike', async () => {
    const plain = join(fx.dir, 'plain');
    mkdirSync(plain);
    const empty = join(fx.dir, 'empty');
    mkdirSync(empty);
    git(empty, ['init', '--quiet']);
    const missing = join(fx.dir, 'missing');
    for (const command of ['repo.open', 'task.run']) {
      const params = (path: string) => (command === 'repo.open' ? { path } : { repoPath: path, prompt: 'x', agents: 1 });
      expect(await errorOf(command, params(plain))).toMatchObject({ code: 'not_a_git_repo' });
      expect(await errorOf(command, params(empty))).toMatchObject({ code: 'no_commits' });
      expect(await errorOf(command, params(missing))).toEqual({ code: 'path_not_found', message: `No folder at ${missing}. Check the path.` });
      // Relative to the server's working directory, it would name a folder the user never meant.
      expect(await errorOf(command, params(relative(process.cwd(), fx.repo)))).toMatchObject({ code: 'invalid_request', message: expect.stringContaining("Type the repository's full path") });
    }
    expect(await call(fleet, 'repo.open', { path: join(fx.repo, 'src') })).toMatchObject({ path: fx.repo, currentBranch: 'main' });
  });

  it('reports an unreachable model server before creating anything', async () => {
    writeSettings(fx.dataDir, {
      providers: [{ label: 'Local', api: 'chat', baseUrl: 'http://127.0.0.1:9/v1', model: 'm' }],
    });
    expect(await errorOf('task.run', { repoPath: fx.repo, prompt: 'x', agents: 2 })).toEqual({
      code: 'model_unreachable',
      message: `Cannot reach the model server at http://127.0.0.1:9/v1. Start it or fix baseUrl in ${join(fx.dataDir, 'settings.json')}.`,
    });
    expect(existsSync(join(fx.dataDir, 'worktrees'))).toBe(false);
  });

  it('asks for a missing API key variable by name', async () => {
    delete process.env.FLOTILLA_TEST_KEY;
    const error = await errorOf('task.run', { repoPath: fx.repo, prompt: 'x', agents: 1 });
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('has no API key: set FLOTILLA_TEST_KEY or store a key in Settings.');
  });

  it('describes the app, honouring settings', async () => {
    writeSettings(fx.dataDir, { maxAgents: 32, providers: [{ label: 'Mine', api: 'responses', baseUrl: fx.modelUrl, model: 'm' }] });
    expect(await call(fleet, 'app.info', {})).toEqual({
      version: '0.0.0-test',
      demoMode: false,
      dataDir: fx.dataDir,
      maxAgents: 32,
      approvalMode: null,
      initialRepo: null,
      providerLabel: 'Mine',
      canPickFolder: false,
      providers: [{ label: 'Mine', api: 'responses', model: 'm' }],
      // What this machine's probe found; fleet-sandbox.test.ts covers a machine without a sandbox.
      sandbox: expect.objectContaining({ allowUnsandboxed: false }),
      settingsProblem: null,
      // Which codex this machine has; codex-info.test.ts covers a missing or too old one.
      codex: expect.objectContaining({ problem: expect.toSatisfy((p: unknown) => p === null || typeof p === 'string') }),
    });
    // A broken file is reported, not taken for "no provider" (which would mean demo mode).
    writeFileSync(join(fx.dataDir, 'settings.json'), '{ "maxAgents": ');
    expect(await call(fleet, 'app.info', {})).toMatchObject({ demoMode: false, settingsProblem: expect.stringContaining('settings.json is not valid JSON') });
  });

  it('answers repo.pick through the host picker, or says there is none', async () => {
    expect((await errorOf('repo.pick', {})).code).toBe('invalid_request');
    await fleet.dispose(); // one fleet per data dir
    const picking = await fx.openFleet({ pickFolder: async () => fx.repo, forceDemo: true });
    expect(await call(picking, 'repo.pick', {})).toBe(fx.repo);
    expect(await call(picking, 'app.info', {})).toMatchObject({ canPickFolder: true, demoMode: true });
  });

  it('reports unknown threads as not_found', async () => {
    for (const [command, params] of [
      ['thread.events', { threadId: 't_nope', afterSeq: 0 }],
      ['thread.send', { threadId: 't_nope', text: 'hi', mode: 'steer' }],
      ['thread.interrupt', { threadId: 't_nope' }],
    ] as const) {
      expect(await errorOf(command, params)).toMatchObject({ code: 'not_found' });
    }
  });

  it('rejects a demo script that does not parse, before creating worktrees', async () => {
    await fleet.dispose(); // one fleet per data dir
    const demo = await fx.openFleet({ forceDemo: true });
    const scriptPath = join(fx.scriptsDir, 'bad-script.json');
    writeFileSync(scriptPath, '{"name": 3}');
    const result = await demo.handle('task.run', { repoPath: fx.repo, prompt: 'x', agents: 1, demoScript: scriptPath });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(!result.ok && result.error.message).toContain(scriptPath);
    expect(existsSync(join(fx.dataDir, 'worktrees'))).toBe(false);
  });
});
