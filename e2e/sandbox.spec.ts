import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openRepoByPath, runTask } from './support/dashboard';
import { makeSampleRepo, makeTempDir } from './support/sample-repo';
import { serveFlotilla, type ServedFlotilla } from './support/serve';

/**
 * A machine without bubblewrap, for real: the server runs in a mount namespace of its own where
 * /usr/bin/bwrap is /dev/null (not executable), so its probe finds no sandbox. Needs root and unshare.
 */
const HIDE_BWRAP = ['unshare', '--mount', '--propagation', 'private', '--', 'sh', '-c', 'mount --bind /dev/null "$0" && exec "$@"', '/usr/bin/bwrap'];

function canHideBwrap(): boolean {
  try {
    execFileSync(HIDE_BWRAP[0]!, [...HIDE_BWRAP.slice(1), 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let repo: string;
let home: string;
let server: ServedFlotilla;
test.beforeEach(async () => {
  test.skip(!canHideBwrap(), 'needs root and unshare to hide bwrap from the server');
  repo = makeSampleRepo();
  home = makeTempDir('flotilla-e2e-home-');
  server = await serveFlotilla(['--port', '0'], { FLOTILLA_HOME: home }, HIDE_BWRAP);
});
test.afterEach(async () => {
  await server?.stop();
  rmSync(repo, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

test('where no sandbox works, a banner says so, full auto is refused, and the opt-in in Settings allows it', async ({ page }) => {
  await page.goto(server.url);
  const banner = page.getByTestId('sandbox-banner');
  await expect(banner).toContainText('Agents are not contained.');
  await expect(banner).toContainText('bubblewrap (bwrap) is not installed');
  await openRepoByPath(page, repo);
  // Demo mode, but nothing contains the agent: commands ask first.
  await expect(page.getByTestId('approval-mode-select')).toHaveValue('auto-edit');

  await page.getByTestId('approval-mode-select').selectOption('full-auto');
  await runTask(page, 'Add a note', 1);
  await expect(page.getByTestId('error-message')).toContainText('Full auto needs a sandbox, and none works here');
  await expect(page.getByTestId('thread-card')).toHaveCount(0);

  await page.getByTestId('settings-button').click();
  const settings = page.getByTestId('sandbox-settings');
  await expect(settings.getByTestId('allow-unsandboxed-warning')).toContainText('with your permissions');
  // Controlled by the fleet's answer, so it turns checked once settings.json says so.
  await settings.getByTestId('allow-unsandboxed').click();
  await expect(settings.getByTestId('allow-unsandboxed')).toBeChecked();
  await expect(banner).toHaveAttribute('data-opted-in', 'true');
  await expect(banner).toContainText('You opted in to unsandboxed work');
  await page.keyboard.press('Escape');

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('thread-card')).toHaveCount(1);
  // The banner stays: agents are still not contained.
  await expect(banner).toBeVisible();
});
