import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { makeTempDir, removeTempDir } from '../../git/test-support/temp-repo';
import { DEFAULT_PRICES } from './pricing';
import { activeProvider, DEFAULT_SETTINGS, loadSettings, providerByLabel, SettingsFileSchema, type Settings } from './settings';

describe('settings', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = makeTempDir();
  });
  afterEach(() => removeTempDir(dataDir));
  const write = (text: string) => writeFileSync(join(dataDir, 'settings.json'), text);
  const provider = (label: string) => ({ label, api: 'chat', baseUrl: 'http://localhost:11434/v1', model: 'qwen' });

  // The resolved settings cannot share the file's schema (defaults, merged prices), so they are
  // held to the same fields: one read from the file and then dropped fails here, and in tsc.
  it('resolve every field of the file, and no other', () => {
    expectTypeOf<keyof Settings>().toEqualTypeOf<keyof z.infer<typeof SettingsFileSchema>>();
    expect(Object.keys(DEFAULT_SETTINGS).sort()).toEqual(Object.keys(SettingsFileSchema.shape).sort());
  });

  it('uses defaults when the file is missing', async () => {
    expect(await loadSettings(dataDir)).toEqual({ settings: DEFAULT_SETTINGS, path: join(dataDir, 'settings.json'), problem: null });
    expect(activeProvider(DEFAULT_SETTINGS)).toBeNull();
  });

  it('reads providers and picks the default one by label, else the first', async () => {
    write(JSON.stringify({ maxAgents: 4, providers: [provider('A'), provider('B')], defaultProvider: 'B' }));
    const { settings, problem } = await loadSettings(dataDir);
    expect(problem).toBeNull();
    expect(settings.maxAgents).toBe(4);
    expect(activeProvider(settings)?.label).toBe('B');
    expect(activeProvider({ ...settings, defaultProvider: 'nope' })?.label).toBe('A');
  });

  it('adds the user prices to the built-in table, and reads compaction fields of a provider', async () => {
    const mine = { inputPerMTok: 1, cachedInputPerMTok: 0.1, outputPerMTok: 3 };
    write(JSON.stringify({ providers: [{ ...provider('A'), contextWindow: 32_000, compactAt: 0.8 }], prices: { qwen: mine, 'gpt-5': mine } }));
    const { settings, problem } = await loadSettings(dataDir);
    expect(problem).toBeNull();
    expect(settings.prices.qwen).toEqual(mine);
    expect(settings.prices['gpt-5']).toEqual(mine);
    expect(settings.prices['gpt-4.1']).toEqual(DEFAULT_PRICES['gpt-4.1']);
    expect(providerByLabel(settings, 'A')).toMatchObject({ contextWindow: 32_000, compactAt: 0.8 });
    expect(providerByLabel(settings, 'B')).toBeNull();
    write(JSON.stringify({ prices: { qwen: { inputPerMTok: -1 } } }));
    expect((await loadSettings(dataDir)).problem).toContain('prices.qwen');
  });

  it('reads agentEnv and keyEnv as lists of variable names', async () => {
    write(JSON.stringify({ agentEnv: ['PGHOST', 'NPM_CONFIG_REGISTRY'], keyEnv: ['MY_LLM_KEY'] }));
    expect((await loadSettings(dataDir)).settings).toMatchObject({ agentEnv: ['PGHOST', 'NPM_CONFIG_REGISTRY'], keyEnv: ['MY_LLM_KEY'] });
    write(JSON.stringify({ keyEnv: ['MY KEY'] }));
    expect((await loadSettings(dataDir)).problem).toContain('keyEnv.0: expected an environment variable name');
  });

  it('reads codexSetup, "flotilla" unless set, and names the two choices when it is neither', async () => {
    expect(DEFAULT_SETTINGS.codexSetup).toBe('flotilla');
    write(JSON.stringify({ codexSetup: 'mine' }));
    expect((await loadSettings(dataDir)).settings.codexSetup).toBe('mine');
    write(JSON.stringify({ codexSetup: 'my own' }));
    expect((await loadSettings(dataDir)).problem).toContain('codexSetup: expected "flotilla" (the thread\'s Flotilla provider) or "mine" (your own Codex login and config)');
  });

  it('calls a malformed file a problem naming the file and the field, and how to fix it', async () => {
    write('{ not json');
    expect((await loadSettings(dataDir)).problem).toMatch(/settings\.json is not valid JSON .*Fix the file \(or remove it to start from the defaults\), then try again\.$/);
    write(JSON.stringify({ maxAgents: 0, providers: [{ label: 'x', api: 'grpc' }] }));
    const invalid = await loadSettings(dataDir);
    expect(invalid.settings).toEqual(DEFAULT_SETTINGS);
    expect(invalid.problem).toContain(`${join(dataDir, 'settings.json')} has invalid settings: maxAgents:`);
    expect(invalid.problem).toContain('providers.0.api');
    // A misspelt key is not silently ignored: it would leave no provider, and so the demo model.
    write(JSON.stringify({ provders: [provider('A')] }));
    expect((await loadSettings(dataDir)).problem).toContain('(top level): unknown field "provders"');
    write(JSON.stringify({ providers: [{ ...provider('A'), baseUrl: 5 }] }));
    expect((await loadSettings(dataDir)).problem).toContain('providers.0.baseUrl: ');
  });

  it('reports a settings path that cannot be read', async () => {
    mkdirSync(join(dataDir, 'settings.json'));
    expect((await loadSettings(dataDir)).problem).toMatch(/^Cannot read .*settings\.json/);
  });
});
