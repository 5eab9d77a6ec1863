/**
 * settings' codexSetup "mine" through the fleet: app.info names the user's CODEX_HOME (or says to
 * log in), and a Codex thread's worker config carries it. codex-agent.test.ts runs a thread on it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codexMissing } from '../codex/test-support/codex-test-support';
import { createDemoModel } from './demo-model';
import { createFleetFixture, writeSettings, type FleetFixture } from './test-support/fleet-fixture';
import { call } from './test-support/fleet-test-support';
import { prepareWorkerSetup } from './thread';

const missing = await codexMissing();

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
});
