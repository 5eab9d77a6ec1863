/**
 * codexSetup "mine" through the fleet: app.info names the user's CODEX_HOME (or says to log in),
 * a Codex thread's worker config carries it, and a task's own choice wins over the settings' (the
 * real codex, started by the built worker, gets the user's login only when it was chosen).
 * codex-agent.test.ts runs a thread on it.
 */
import { existsSync, mkdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codexMissing } from '../codex/test-support/codex-test-support';
import { createDemoModel } from './demo-model';
import { createFleetFixture, writeSettings, type FleetFixture } from './test-support/fleet-fixture';
import { waitForEvent } from './test-support/fleet-control-support';
import { call } from './test-support/fleet-test-support';
import { prepareWorkerSetup } from './thread';

const missing = await codexMissing();
const WORKER = join(dirname(fileURLToPath(import.meta.url)), '../../dist/main/worker.cjs');

describe('codexSetup "mine"', () => {
  let fx: FleetFixture;
  let userHome: string;
  const saved = process.env.CODEX_HOME;
  beforeEach(async () => {
    fx = await createFleetFixture();
    userHome = join(fx.dir, 'my-codex');
    mkdirSync(userHome);
    process.env.CODEX_HOME = userHome;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.CODEX_HOME;
    else process.env.CODEX_HOME = saved;
    fx.cleanup();
  });

  it.skipIf(missing !== null)('app.info names the CODEX_HOME threads take, and says to log in while it has no auth.json', async () => {
    writeSettings(fx.dataDir, { codexSetup: 'mine' });
    const fleet = await fx.openFleet();
    const noLogin = await call(fleet, 'app.info', {});
    expect(noLogin.codex).toMatchObject({ setup: 'mine', userHome, problem: expect.stringContaining('run `codex login`, or set codexSetup to "flotilla"') });
    writeFileSync(join(userHome, 'auth.json'), '{"OPENAI_API_KEY":"k"}');
    expect((await call(fleet, 'app.info', {})).codex).toMatchObject({ setup: 'mine', userHome, problem: null });
  });

  it("gives a Codex thread's worker the user's CODEX_HOME, and a built-in thread nothing of it", async () => {
    writeSettings(fx.dataDir, { codexSetup: 'mine' });
    const fleet = await fx.openFleet({ forceDemo: true });
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'x', agents: 2, agentKinds: ['codex', 'builtin'] });
    const ctx = { dataDir: fx.dataDir, demo: createDemoModel(), taskSize: () => 2 };
    const [codex, builtin] = await Promise.all(run.threads.map((t) => prepareWorkerSetup(ctx, t)));
    expect(codex?.config.codex).toEqual({ home: join(fx.dataDir, 'codex', run.threads[0]!.id), userHome });
    expect(builtin?.config.codex).toBeUndefined();
  });

  it("takes the task's choice over the settings', and keeps it on the thread", async () => {
    writeSettings(fx.dataDir, { codexSetup: 'mine' });
    const fleet = await fx.openFleet({ forceDemo: true });
    const ctx = { dataDir: fx.dataDir, demo: createDemoModel(), taskSize: () => 1 };
    const own = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'x', agents: 1, agentKinds: ['codex'], codexSetup: 'flotilla' });
    expect(own.threads[0]!.codexSetup).toBe('flotilla');
    expect((await prepareWorkerSetup(ctx, own.threads[0]!)).config.codex).toEqual({ home: join(fx.dataDir, 'codex', own.threads[0]!.id) });
    writeSettings(fx.dataDir, { codexSetup: 'flotilla' });
    const mine = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'x', agents: 2, agentKinds: ['codex', 'builtin'], codexSetup: 'mine' });
    expect(mine.threads.map((t) => t.codexSetup)).toEqual(['mine', undefined]);
    expect((await prepareWorkerSetup(ctx, mine.threads[0]!)).config.codex?.userHome).toBe(userHome);
  });

  it.skipIf(missing !== null)("links the user's auth.json into a Codex thread's CODEX_HOME only when its task chose their setup", async () => {
    // The user's provider points at a closed port: nothing leaves the machine.
    writeFileSync(join(userHome, 'config.toml'), 'model_provider = "mine"\n[model_providers.mine]\nname = "Mine"\nbase_url = "http://127.0.0.1:9/v1"\nwire_api = "responses"\nrequest_max_retries = 0\nstream_max_retries = 0\n');
    writeFileSync(join(userHome, 'auth.json'), '{"OPENAI_API_KEY":"my-own-key"}');
    const fleet = await fx.openFleet({ forceDemo: true, workerEntry: WORKER });
    const started = async (codexSetup?: 'mine' | 'flotilla') => {
      const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Hello', agents: 1, agentKinds: ['codex'], ...(codexSetup ? { codexSetup } : {}) });
      const id = run.threads[0]!.id;
      await waitForEvent(fleet, id, (e) => e.msg.type === 'ready', 'codex to start');
      return join(fx.dataDir, 'codex', id);
    };
    const mine = await started('mine');
    expect(readlinkSync(join(mine, 'auth.json'))).toBe(join(userHome, 'auth.json'));
    const flotilla = await started();
    expect(existsSync(join(flotilla, 'auth.json'))).toBe(false);
    expect(existsSync(join(flotilla, 'config.toml'))).toBe(true);
  });
});
