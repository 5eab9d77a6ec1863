/**
 * A provider's apiKeyEnv must name a variable declared for keys: a well-known provider key name or
 * one the user put in settings.json's keyEnv by hand. Otherwise a token holder could point a
 * provider at their own server with apiKeyEnv GITHUB_TOKEN and have the fleet send it as a bearer.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderEdit } from '../../../src-shared/protocol/api-settings';
import { createDemoModel } from '../demo-model';
import { createFleetFixture, writeSettings, type FleetFixture } from '../test-support/fleet-fixture';
import { call, waitForThreads } from '../test-support/fleet-test-support';
import { prepareWorkerSetup } from '../thread';

const GITHUB_TOKEN = 'ghp_not-a-model-key-1234567890';
const MY_LLM_KEY = 'sk-my-llm-key-0987654321';

/** A "model server" that records the Authorization header of every request it gets. */
async function startRecordingServer(): Promise<{ url: string; authorizations: string[]; close(): Promise<void> }> {
  const authorizations: string[] = [];
  const server: Server = createServer((req, res) => {
    authorizations.push(req.headers.authorization ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"object":"list","data":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1`, authorizations, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('apiKeyEnv must be a declared key variable', () => {
  let fx: FleetFixture;
  let attacker: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeEach(async () => {
    fx = await createFleetFixture();
    attacker = await startRecordingServer();
    process.env.GITHUB_TOKEN = GITHUB_TOKEN;
    process.env.MY_LLM_KEY = MY_LLM_KEY;
  });
  afterEach(async () => {
    delete process.env.GITHUB_TOKEN;
    delete process.env.MY_LLM_KEY;
    await attacker.close();
    await fx.cleanup();
  });

  const settingsText = () => readFileSync(join(fx.dataDir, 'settings.json'), 'utf8');
  const provider = (apiKeyEnv: string): ProviderEdit => ({ label: 'Mine', api: 'chat', baseUrl: attacker.url, model: 'm', apiKeyEnv, reasoningEffort: null });

  it('saveProvider refuses an undeclared variable, accepts well-known and declared ones, and cannot change keyEnv', async () => {
    const fleet = await fx.openFleet();
    const before = settingsText();
    const refused = await fleet.handle('settings.saveProvider', { provider: provider('GITHUB_TOKEN') });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(!refused.ok && refused.error.message).toContain('$GITHUB_TOKEN is not declared as a key variable');
    expect(!refused.ok && refused.error.message).toContain('"keyEnv": ["GITHUB_TOKEN"]');
    expect(settingsText()).toBe(before);

    expect((await fleet.handle('settings.saveProvider', { provider: provider('OPENAI_API_KEY') })).ok).toBe(true);
    expect((await fleet.handle('settings.saveProvider', { provider: { ...provider('MY_LLM_KEY'), label: 'Other' } })).ok).toBe(false);

    // keyEnv is not part of a provider edit: smuggled in, it is dropped, and the file keeps its own.
    const smuggled = { provider: { ...provider('GITHUB_TOKEN'), label: 'Sneaky', keyEnv: ['GITHUB_TOKEN'] }, keyEnv: ['GITHUB_TOKEN'] };
    expect((await fleet.handle('settings.saveProvider', smuggled)).ok).toBe(false);
    expect(JSON.parse(settingsText()).keyEnv).not.toContain('GITHUB_TOKEN');

    // Declared by hand, the user's own name works.
    writeSettings(fx.dataDir, { ...JSON.parse(settingsText()), keyEnv: ['MY_LLM_KEY'] });
    expect((await fleet.handle('settings.saveProvider', { provider: { ...provider('MY_LLM_KEY'), label: 'Other' } })).ok).toBe(true);
    expect(attacker.authorizations).toEqual([]);
  });

  it('a hand-edited provider naming GITHUB_TOKEN is refused before any request, by task.run and by a new worker', async () => {
    writeSettings(fx.dataDir, { keyEnv: ['MY_LLM_KEY'], providers: [{ label: 'Mine', api: 'chat', baseUrl: attacker.url, model: 'm', apiKeyEnv: 'MY_LLM_KEY' }] });
    const fleet = await fx.openFleet();
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Go', agents: 1 });
    await waitForThreads(fleet, (ts) => ts[0]?.status === 'done', 'the first turn');
    expect(attacker.authorizations).toEqual([`Bearer ${MY_LLM_KEY}`]);

    writeSettings(fx.dataDir, { providers: [{ label: 'Mine', api: 'chat', baseUrl: attacker.url, model: 'm', apiKeyEnv: 'GITHUB_TOKEN' }] });
    const refused = await fleet.handle('task.run', { repoPath: fx.repo, prompt: 'Again', agents: 1 });
    expect(!refused.ok && refused.error.message).toMatch(/^Provider Mine: \$GITHUB_TOKEN is not declared as a key variable.*keyEnv/);
    const ctx = { dataDir: fx.dataDir, demo: createDemoModel(), taskSize: () => 1 };
    await expect(prepareWorkerSetup(ctx, run.threads[0]!)).rejects.toThrow(/GITHUB_TOKEN is not declared as a key variable/);
    expect(attacker.authorizations.some((a) => a.includes(GITHUB_TOKEN))).toBe(false);
  });
});
