import { _electron as electron, expect, test } from '@playwright/test';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expectAllCardsDone, runTask } from './support/dashboard';
import { findElectronBinary } from './support/electron-binary';
import { git, makeSampleRepo, makeTempDir } from './support/sample-repo';

const binary = findElectronBinary();

test('the desktop app runs four demo agents to completion', async () => {
  if (binary.path === null) {
    // Say why in the run's output, not only in the report's annotations.
    console.log(`Electron e2e skipped: ${binary.reason}.`);
    test.skip(true, `Electron e2e skipped: ${binary.reason}`);
  }
  const repo = makeSampleRepo();
  const home = makeTempDir('flotilla-e2e-electron-home-');
  const app = await electron.launch({
    executablePath: binary.path ?? undefined,
    args: [join(__dirname, '..'), '--repo', repo],
    env: { ...process.env, FLOTILLA_HOME: home, FLOTILLA_DEMO: '1' },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('repo-name')).toBeVisible();
    await runTask(page, 'Add a short note about the project', 4);
    await expectAllCardsDone(page, 4);
    const branches = git(repo, 'branch', '--list', 'flotilla/*').trim().split('\n');
    expect(branches).toHaveLength(4);
  } finally {
    await app.close();
    rmSync(repo, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
});
