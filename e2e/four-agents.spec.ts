import { expect, test } from '@playwright/test';
import { expectAllCardsDone, openRepoByPath, runTask } from './support/dashboard';
import { git } from './support/sample-repo';
import { useServedRepo } from './support/served-repo';

const served = useServedRepo(['--demo', '--port', '0'], 'all');

test('four demo agents run a task to completion, each on its own branch', async ({ page }) => {
  await page.goto(served.server.url);
  await expect(page.getByTestId('demo-badge')).toBeVisible();

  await openRepoByPath(page, served.repo);

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

  const branches = git(served.repo, 'branch', '--list', 'flotilla/*', '--format=%(refname:short)').trim().split('\n');
  expect(branches).toHaveLength(4);
  // The user's checkout is untouched: still on main, clean.
  expect(git(served.repo, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main');
  expect(git(served.repo, 'status', '--porcelain').trim()).toBe('');
});
