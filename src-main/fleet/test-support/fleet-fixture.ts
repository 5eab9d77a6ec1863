/**
 * Test fixture: a temp dir with a real repository, a data dir whose settings point at a stub
 * model server, the fake worker, and fleets that are disposed after each test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRepo, makeTempDir, removeTempDir } from '../../git/test-support/temp-repo';
import { demoScriptsDir } from '../demo-script-source';
import { createFleet } from '../fleet';
import type { FleetOptions, FleetService } from '../fleet-service';
import { recordingLogger, startStubModelServer, writeFakeWorker } from './fleet-test-support';
import { spawnNodeWorker } from '../thread';

export const TEST_API_KEY = 'sk-test-do-not-log-1234';

export interface FleetFixture {
  dir: string;
  repo: string;
  dataDir: string;
  /** `<dataDir>/demo-scripts`: the only folder task.run reads demo script files from. */
  scriptsDir: string;
  modelUrl: string;
  logger: ReturnType<typeof recordingLogger>;
  openFleet(overrides?: Partial<FleetOptions>): Promise<FleetService>;
  cleanup(): Promise<void>;
}

/** The variables the fixture's providers read keys from, declared in keyEnv as a user would. */
export const TEST_KEY_ENV = ['FLOTILLA_TEST_KEY', 'FLOTILLA_UNSET_KEY'];

/** `settings` as settings.json, with the test key variables declared unless it says otherwise. */
export function writeSettings(dataDir: string, settings: Record<string, unknown>): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ keyEnv: TEST_KEY_ENV, ...settings }, null, 2));
}

export async function createFleetFixture(): Promise<FleetFixture> {
  const dir = makeTempDir();
  const repo = makeRepo(join(dir, 'repo'), { 'README.md': '# demo\n', 'src/index.ts': 'export const x = 1;\n' });
  const dataDir = join(dir, 'data');
  const model = await startStubModelServer();
  writeSettings(dataDir, {
    providers: [
      { label: 'Test provider', api: 'responses', baseUrl: model.url, model: 'test-model', apiKeyEnv: 'FLOTILLA_TEST_KEY' },
    ],
  });
  process.env.FLOTILLA_TEST_KEY = TEST_API_KEY;
  const scriptsDir = demoScriptsDir(dataDir);
  mkdirSync(scriptsDir, { recursive: true });
  const workerEntry = writeFakeWorker(dir);
  const logger = recordingLogger();
  const fleets: FleetService[] = [];
  return {
    dir,
    repo,
    dataDir,
    scriptsDir,
    modelUrl: model.url,
    logger,
    async openFleet(overrides = {}) {
      const fleet = await createFleet({
        dataDir,
        workerEntry,
        spawnWorker: spawnNodeWorker,
        forceDemo: false,
        initialRepo: null,
        version: '0.0.0-test',
        pickFolder: null,
        logger,
        ...overrides,
      });
      fleets.push(fleet);
      return fleet;
    },
    async cleanup() {
      await Promise.all(fleets.map((fleet) => fleet.dispose()));
      await model.close();
      delete process.env.FLOTILLA_TEST_KEY;
      removeTempDir(dir);
    },
  };
}
