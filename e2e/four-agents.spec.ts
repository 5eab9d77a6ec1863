import { expect, test } from '@playwright/test';
import { rmSync } from 'node:fs';
import { expectAllCardsDone, runTask } from './support/dashboard';
import { git, makeSampleRepo, makeTempDir } from './support/sample-repo';
import { serveFlotilla, type ServedFlotilla } from './support/serve';

let repo: string;
let home: string;
let server: ServedFlotilla;

test.beforeAll(async () => {
  repo = makeSampleRepo();
  home = makeTempDir('flotilla-e2e-home-');
  server = await serveFlotilla(['--demo', '--port', '0'], { FLOTILLA_HOME: home });
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(repo, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

test('four demo agents run a task to completion, each on its own branch', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('demo-badge')).toBeVisible();

  await page.getByTestId('repo-path-input').fill(repo);
  await page.getByTestId('repo-open-button').click();
  await expect(page.getByTestId('repo-name')).toContainText('flotilla-e2e-repo-');

  await runTask(page, 'Add a short note about the project', 4);
  await expectAllCardsDone(page, 4);
  await expect(page.getByTestId('thread-diffstat').first()).toContainText('1');

  await page.getByTestId('thread-card').first().click();
  const transcript = page.getByTestId('transcript');
  await expect(transcript.locator('[data-item-type="assistant_message"]').first()).toBeVisible();
  await expect(transcript.locator('[data-item-type="command"]').first()).toBeVisible();
  await expect(transcript.locator('[data-item-type="patch"]').first()).toBeVisible();
  // The turn's token usage, after everything it did.
  await expect(transcript.getByTestId('turn-usage')).toContainText(/\d+ requests · .* in · .* out/);

  const branches = git(repo, 'branch', '--list', 'flotilla/*', '--format=%(refname:short)').trim().split('\n');
  expect(branches).toHaveLength(4);
  // The user's checkout is untouched: still on main, clean.
  expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main');
  expect(git(repo, 'status', '--porcelain').trim()).toBe('');
});
