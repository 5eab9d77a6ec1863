/**
 * A malformed settings.json is an error a person can fix, never a quiet switch to the demo
 * model: task.run refuses with it and app.info reports it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFleetFixture, type FleetFixture } from '../test-support/fleet-fixture';
import { call } from '../test-support/fleet-test-support';

describe('a malformed settings.json', () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  it('refuses task.run, names the file and field in app.info, and starts no thread', async () => {
    const path = join(fx.dataDir, 'settings.json');
    // A provider with a misspelt key: today this would mean "no provider", so the demo model.
    writeFileSync(path, JSON.stringify({ providers: [{ label: 'Real', api: 'responses', baseUrl: fx.modelUrl, modle: 'gpt-5' }] }));
    const fleet = await fx.openFleet();
    const refused = await fleet.handle('task.run', { repoPath: fx.repo, prompt: 'Real work', agents: 2 });
    expect(refused).toEqual({ ok: false, error: { code: 'bad_settings', message: expect.stringContaining(`${path} has invalid settings: providers.0.model:`) } });
    if (!refused.ok) expect(refused.error.message).toContain('Fix the file');
    expect(await call(fleet, 'threads.list', {})).toEqual([]);
    const info = await call(fleet, 'app.info', {});
    expect(info).toMatchObject({ demoMode: false, settingsProblem: expect.stringContaining('providers.0.model') });

    writeFileSync(path, '{ "providers": [');
    expect(await fleet.handle('task.run', { repoPath: fx.repo, prompt: 'Real work', agents: 1 })).toMatchObject({
      ok: false,
      error: { code: 'bad_settings', message: expect.stringContaining(`${path} is not valid JSON`) },
    });
    expect((await call(fleet, 'app.info', {})).settingsProblem).toContain('is not valid JSON');
  });
});
