/**
 * task.run's `providers`: one configured provider per agent (or one for all), checked before
 * anything is created; and each thread's cost from the price table, with real workers on the demo
 * model (dist/main/worker.cjs, built by the test global setup).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFleetFixture, writeSettings, type FleetFixture } from '../test-support/fleet-fixture';
import { call, waitForThreads } from '../test-support/fleet-test-support';
import { createDemoModel } from '../demo-model';
import { costUsd } from '../settings';
import { prepareWorkerSetup } from '../thread';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), '../../../dist/main/worker.cjs');

describe('task.run providers and cost', () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  const twoProviders = () => [
    { label: 'Big', api: 'responses', baseUrl: fx.modelUrl, model: 'gpt-5', apiKeyEnv: 'FLOTILLA_TEST_KEY' },
    { label: 'Local', api: 'chat', baseUrl: fx.modelUrl, model: 'qwen2.5-coder' },
  ];

  it('refuses an unknown provider label, naming the configured ones, before creating anything', async () => {
    writeSettings(fx.dataDir, { providers: twoProviders() });
    const fleet = await fx.openFleet();
    const result = await fleet.handle('task.run', { repoPath: fx.repo, prompt: 'x', agents: 2, providers: ['Big', 'Nope'] });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid_request',
        message: `Unknown provider "Nope". Configured providers: "Big", "Local" (in ${join(fx.dataDir, 'settings.json')}).`,
      },
    });
    const count = await fleet.handle('task.run', { repoPath: fx.repo, prompt: 'x', agents: 3, providers: ['Big', 'Local'] });
    expect(!count.ok && count.error.message).toBe('Give one provider for all agents or one per agent (3), not 2.');
    expect(existsSync(join(fx.dataDir, 'worktrees'))).toBe(false);
  });

  it('gives each agent its provider, and a price where the table has the model', async () => {
    writeSettings(fx.dataDir, { providers: twoProviders(), defaultProvider: 'Local' });
    const fleet = await fx.openFleet();
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'x', agents: 2, providers: ['Big', 'Local'] });
    expect(run.threads.map((t) => [t.providerLabel, t.costUsd, t.price?.outputPerMTok ?? null])).toEqual([
      ['Big', 0, 10],
      ['Local', null, null],
    ]);
    const all = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'y', agents: 2, providers: ['Big'] });
    expect(all.threads.map((t) => t.providerLabel)).toEqual(['Big', 'Big']);
  });

  it("starts each thread's worker on its own provider's model, with that provider's compaction settings", async () => {
    const providers = twoProviders().map((p, i) => (i === 1 ? { ...p, contextWindow: 32_000, compactAt: 0.75 } : p));
    writeSettings(fx.dataDir, { providers });
    const fleet = await fx.openFleet();
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'x', agents: 2, providers: ['Big', 'Local'] });
    const ctx = { dataDir: fx.dataDir, demo: createDemoModel(), taskSize: () => 2 };
    const [big, local] = await Promise.all(run.threads.map((t) => prepareWorkerSetup(ctx, t)));
    expect([big?.config.model.model, big?.config.compaction]).toEqual(['gpt-5', {}]);
    expect([local?.config.model.model, local?.config.compaction]).toEqual(['qwen2.5-coder', { contextWindow: 32_000, threshold: 0.75 }]);
  });

  it('computes a thread cost from its usage events with the price table', async () => {
    const price = { inputPerMTok: 3, cachedInputPerMTok: 0.3, outputPerMTok: 15 };
    writeSettings(fx.dataDir, { prices: { 'flotilla-demo': price } });
    const fleet = await fx.openFleet({ forceDemo: true, workerEntry: WORKER });
    await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Show the demo', agents: 1 });
    const [thread] = await waitForThreads(fleet, (ts) => ts[0]?.status === 'done' || ts[0]?.status === 'failed', 'the demo agent to finish', 60_000);
    expect(thread?.status).toBe('done');
    expect(thread?.usage.inputTokens).toBeGreaterThan(0);
    expect(thread?.costUsd).toBeGreaterThan(0);
    expect(thread?.costUsd).toBeCloseTo(costUsd(thread!.usage, price), 12);
  });
});
