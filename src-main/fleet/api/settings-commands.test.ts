/**
 * The Settings commands against a real data dir: providers in settings.json (other fields kept),
 * the default provider, validation, and API keys in a key store — used for the worker's configure
 * and never written to settings.json or a thread's event log.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderEdit } from '../../../src-shared/protocol/api-settings';
import { createDemoModel } from '../demo-model';
import { createFleetFixture, writeSettings, type FleetFixture } from '../test-support/fleet-fixture';
import type { KeyStore } from '../fleet-service';
import { call, waitForThreads } from '../test-support/fleet-test-support';
import { NO_KEY_STORE_MESSAGE } from './settings-commands';
import { prepareWorkerSetup } from '../thread';

const STORED_KEY = 'sk-stored-in-keystore-9876';

function memoryKeyStore(): KeyStore & { keys: Map<string, string> } {
  const keys = new Map<string, string>();
  return {
    keys,
    canStore: true,
    get: async (label) => keys.get(label) ?? null,
    set: async (label, key) => void (key === null ? keys.delete(label) : keys.set(label, key)),
  };
}

const settingsFile = (fx: FleetFixture) => JSON.parse(readFileSync(join(fx.dataDir, 'settings.json'), 'utf8')) as Record<string, unknown>;

describe('settings commands', () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  const local = (): ProviderEdit => ({ label: 'Local', api: 'chat', baseUrl: fx.modelUrl, model: 'qwen', apiKeyEnv: null, reasoningEffort: null });

  it('sets the defaults of new tasks, keeping the other fields, and refuses bad values with a reason', async () => {
    writeSettings(fx.dataDir, { keyEnv: ['FLOTILLA_E2E_UNUSED'], commandTimeoutSeconds: 30 });
    const fleet = await fx.openFleet();
    const set = await call(fleet, 'settings.setDefaults', { approvalMode: 'suggest', maxAgents: 3, turnTimeoutMinutes: 5, commandTimeoutSeconds: null });
    expect(set).toMatchObject({ approvalMode: 'suggest', maxAgents: 3, turnTimeoutMinutes: 5, commandTimeoutSeconds: null });
    expect(settingsFile(fx)).toEqual({ keyEnv: ['FLOTILLA_E2E_UNUSED'], approvalMode: 'suggest', maxAgents: 3, turnTimeoutMinutes: 5 });
    // Raw, as a client's message arrives: the schema at the boundary refuses it.
    const tooMany = await fleet.handle('settings.setDefaults', { approvalMode: null, maxAgents: 0, turnTimeoutMinutes: 5, commandTimeoutSeconds: null });
    expect(tooMany.ok ? null : tooMany.error.message).toContain('Max agents must be at least 1.');
    // The next task's refusal names the new maximum (a running limit now: fleet-agent-slots.test.ts).
    const run = await fleet.call('task.run', { repoPath: fx.repo, prompt: 'x', agents: 65 });
    expect(run.ok ? null : run.error.message).toContain('maxAgents (3 in');
  });

  it('adds, edits, renames and removes providers, keeping the fields it does not edit', async () => {
    writeSettings(fx.dataDir, {
      maxAgents: 5,
      turnTimeoutMinutes: 12,
      providers: [{ label: 'Big', api: 'responses', baseUrl: fx.modelUrl, model: 'gpt-5', apiKeyEnv: 'FLOTILLA_TEST_KEY', contextWindow: 64000 }],
    });
    const fleet = await fx.openFleet();
    const got = await call(fleet, 'settings.get', {});
    expect(got).toMatchObject({ defaultProvider: null, maxAgents: 5, canStoreKeys: false });
    expect(got.providers).toEqual([
      { label: 'Big', api: 'responses', baseUrl: fx.modelUrl, model: 'gpt-5', apiKeyEnv: 'FLOTILLA_TEST_KEY', reasoningEffort: null, hasStoredKey: false },
    ]);

    await call(fleet, 'settings.saveProvider', { provider: local() });
    await call(fleet, 'settings.setDefaultProvider', { label: 'Big' });
    const renamed = await call(fleet, 'settings.saveProvider', {
      provider: { label: 'Huge', api: 'responses', baseUrl: fx.modelUrl, model: 'gpt-5.1', apiKeyEnv: 'FLOTILLA_TEST_KEY', reasoningEffort: 'high' },
      previousLabel: 'Big',
    });
    expect(renamed.providers.map((p) => [p.label, p.model, p.reasoningEffort])).toEqual([['Huge', 'gpt-5.1', 'high'], ['Local', 'qwen', null]]);
    expect(renamed.defaultProvider).toBe('Huge');
    expect(settingsFile(fx)).toMatchObject({ maxAgents: 5, turnTimeoutMinutes: 12, defaultProvider: 'Huge' });
    expect((settingsFile(fx).providers as Record<string, unknown>[])[0]).toMatchObject({ contextWindow: 64000 });
    expect((await call(fleet, 'app.info', {})).providerLabel).toBe('Huge');

    const removed = await call(fleet, 'settings.removeProvider', { label: 'Huge' });
    expect([removed.providers.map((p) => p.label), removed.defaultProvider]).toEqual([['Local'], null]);
    await call(fleet, 'settings.removeProvider', { label: 'Local' });
    expect((await call(fleet, 'app.info', {})).demoMode).toBe(true);
  });

  it('refuses a duplicate label, a bad URL, an unknown provider and a bad env var name, changing nothing', async () => {
    const fleet = await fx.openFleet();
    const before = readFileSync(join(fx.dataDir, 'settings.json'), 'utf8');
    const refusals = await Promise.all([
      fleet.handle('settings.saveProvider', { provider: { ...local(), label: 'Test provider' } }),
      fleet.handle('settings.saveProvider', { provider: { ...local(), baseUrl: 'not a url' } }),
      fleet.handle('settings.saveProvider', { provider: { ...local(), baseUrl: 'ftp://models.example/v1' } }),
      fleet.handle('settings.saveProvider', { provider: { ...local(), apiKeyEnv: 'MY KEY' } }),
      fleet.handle('settings.saveProvider', { provider: local(), previousLabel: 'Nope' }),
      fleet.handle('settings.setDefaultProvider', { label: 'Nope' }),
      fleet.handle('settings.removeProvider', { label: 'Nope' }),
    ]);
    expect(refusals.map((r) => (r.ok ? 'ok' : r.error.message))).toEqual([
      'A provider named "Test provider" already exists; choose another label.',
      '"not a url" is not a URL; give the model server\'s base URL, like https://api.openai.com/v1.',
      'The base URL must start with http:// or https://, not ftp:.',
      '"MY KEY" is not an environment variable name (letters, digits and _).',
      'No provider "Nope" to edit; it may have been removed.',
      'No provider "Nope" to make the default; add it first.',
      'No provider "Nope"; it may have been removed already.',
    ]);
    expect(readFileSync(join(fx.dataDir, 'settings.json'), 'utf8')).toBe(before);
  });

  it('refuses to store a key where the host has no key store', async () => {
    const fleet = await fx.openFleet();
    expect(await fleet.handle('settings.setApiKey', { label: 'Test provider', key: 'sk-x' })).toEqual({
      ok: false,
      error: { code: 'invalid_request', message: NO_KEY_STORE_MESSAGE },
    });
    const cannot: KeyStore = { canStore: false, get: async () => null, set: async () => undefined };
    await fleet.dispose(); // one fleet per data dir
    const fleet2 = await fx.openFleet({ keyStore: cannot });
    expect((await fleet2.handle('settings.setApiKey', { label: 'Test provider', key: 'sk-x' })).ok).toBe(false);
  });

  it("uses a stored key for the worker's configure, and never writes it to settings.json or the event log", async () => {
    delete process.env.FLOTILLA_UNSET_KEY;
    writeSettings(fx.dataDir, { providers: [{ label: 'Keyed', api: 'responses', baseUrl: fx.modelUrl, model: 'm', apiKeyEnv: 'FLOTILLA_UNSET_KEY' }] });
    const keyStore = memoryKeyStore();
    const fleet = await fx.openFleet({ keyStore });
    const missing = await fleet.handle('task.run', { repoPath: fx.repo, prompt: 'x', agents: 1 });
    expect(!missing.ok && missing.error.message).toBe('Provider Keyed has no API key: set FLOTILLA_UNSET_KEY or store a key in Settings.');

    const stored = await call(fleet, 'settings.setApiKey', { label: 'Keyed', key: STORED_KEY });
    expect(stored.providers[0]?.hasStoredKey).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(STORED_KEY);
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Go', agents: 1 });
    const [thread] = await waitForThreads(fleet, (ts) => ts[0]?.status === 'done', 'the agent to finish');
    const events = await call(fleet, 'thread.events', { threadId: thread!.id, afterSeq: 0 });
    expect(JSON.stringify(events)).toContain('hasKey=true');
    const setup = await prepareWorkerSetup({ dataDir: fx.dataDir, demo: createDemoModel(), taskSize: () => 1, keyStore }, run.threads[0]!);
    expect(setup.config.model.apiKey).toBe(STORED_KEY);

    // Renaming moves the key; nothing on disk holds it.
    await call(fleet, 'settings.saveProvider', { provider: { ...local(), label: 'Renamed', apiKeyEnv: null }, previousLabel: 'Keyed' });
    expect([...keyStore.keys.keys()]).toEqual(['Renamed']);
    const files = readdirSync(join(fx.dataDir, 'threads')).map((f) => join(fx.dataDir, 'threads', f));
    for (const file of [join(fx.dataDir, 'settings.json'), ...files]) expect(readFileSync(file, 'utf8')).not.toContain(STORED_KEY);
    await call(fleet, 'settings.setApiKey', { label: 'Renamed', key: null });
    expect(keyStore.keys.size).toBe(0);
  });
});
