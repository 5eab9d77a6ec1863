import { expect, test } from '@playwright/test';
import { basename, dirname } from 'node:path';
import { useServedRepo } from './support/served-repo';

const served = useServedRepo(['--port', '0', '--demo'], 'all');

test('a wrong token says so and what to do, instead of "Connecting…" for ever', async ({ page }) => {
  const url = new URL(served.server.url);
  url.searchParams.set('token', 'not-the-token');
  await page.goto(url.toString());
  await expect(page.getByTestId('notice')).toContainText('access token is wrong');
  await expect(page.getByTestId('notice')).toContainText('Open the URL that `flotilla serve` printed');
  await expect(page.getByTestId('connection-status')).toHaveText('Not connected');
});

test('a missing token says so too', async ({ page }) => {
  const url = new URL(served.server.url);
  url.search = '';
  await page.goto(url.toString());
  await expect(page.getByTestId('notice')).toContainText('This page has no access token');
  await expect(page.getByTestId('connection-status')).toHaveText('Not connected');
});

test('a relative repository path is refused, asking for the full path', async ({ page }) => {
  await page.goto(served.server.url);
  // Relative to the server's working directory, it might even name a real folder.
  await page.getByTestId('repo-path-input').fill(`../${basename(dirname(served.repo))}/${basename(served.repo)}`);
  await page.getByTestId('repo-open-button').click();
  await expect(page.getByTestId('error-message')).toContainText("Type the repository's full path");
  await expect(page.getByTestId('repo-name')).toHaveCount(0);
});
