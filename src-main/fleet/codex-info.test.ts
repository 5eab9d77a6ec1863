/** app.info names the codex Codex threads would run, or says plainly why none can. */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codexMissing } from '../codex/test-support/codex-test-support';
import { createFleetFixture, writeSettings, type FleetFixture } from './test-support/fleet-fixture';
import { call } from './test-support/fleet-test-support';

const missing = await codexMissing();

describe('app.info codex', () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  it.skipIf(missing !== null)('names the codex found and its version', async () => {
    const info = await call(await fx.openFleet(), 'app.info', {});
    expect(info.codex).toMatchObject({ problem: null, version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(info.codex?.path).toMatch(/codex$/);
  });

  it('says what to fix when codexPath in settings points nowhere', async () => {
    const nowhere = join(fx.dir, 'no-such-codex');
    writeSettings(fx.dataDir, { codexPath: nowhere });
    const info = await call(await fx.openFleet(), 'app.info', {});
    expect(info.codex).toEqual({ path: null, version: null, problem: `The codex binary ${nowhere} does not exist: fix codexPath in settings.`, setup: 'flotilla', userHome: null });
  });
});
