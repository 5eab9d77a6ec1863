import { test } from '@playwright/test';
import { rmSync } from 'node:fs';
import { makeSampleRepo, makeTempDir } from './sample-repo';
import { serveFlotilla, type ServedFlotilla } from './serve';

export interface ServedRepo {
  repo: string;
  home: string;
  server: ServedFlotilla;
}

/**
 * A sample repository and `flotilla serve <args>` on a data dir of its own, set up before and
 * removed after each test (`each`) or the spec file's tests (`all`). Read the fields in tests.
 */
export function useServedRepo(args: string[], scope: 'each' | 'all'): ServedRepo {
  const served = {} as ServedRepo;
  const setUp = async () => {
    served.repo = makeSampleRepo();
    served.home = makeTempDir('flotilla-e2e-home-');
    served.server = await serveFlotilla(args, { FLOTILLA_HOME: served.home });
  };
  const tearDown = async () => {
    await served.server?.stop();
    rmSync(served.repo, { recursive: true, force: true });
    rmSync(served.home, { recursive: true, force: true });
  };
  if (scope === 'each') {
    test.beforeEach(setUp);
    test.afterEach(tearDown);
  } else {
    test.beforeAll(setUp);
    test.afterAll(tearDown);
  }
  return served;
}
