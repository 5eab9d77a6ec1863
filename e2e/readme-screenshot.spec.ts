/**
 * The README's screenshot, made from the real app: the headless server with four demo agents,
 * in Chromium. Every run takes it (a broken dashboard fails here too); `FLOTILLA_SCREENSHOT=path`
 * also writes it there, which is how assets/screenshot.png is kept current:
 *   FLOTILLA_SCREENSHOT=assets/screenshot.png npx playwright test e2e/readme-screenshot.spec.ts
 */
import { copyFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectAllCardsDone, openRepoByPath, runTask } from './support/dashboard';
import { useServedRepo } from './support/served-repo';

const served = useServedRepo(['--demo', '--port', '0'], 'all');

test.use({ viewport: { width: 1600, height: 900 }, colorScheme: 'dark' });

test('the dashboard with four finished agents, as the README shows it', async ({ page }, testInfo) => {
  await page.goto(served.server.url);
  await openRepoByPath(page, served.repo);
  await runTask(page, 'Add a short CONTRIBUTING note for new developers', 4);
  await expectAllCardsDone(page, 4);
  await expect(page.getByTestId('thread-diffstat').first()).toContainText('1');
  const shot = testInfo.outputPath('dashboard.png');
  await page.screenshot({ path: shot });
  const target = process.env.FLOTILLA_SCREENSHOT;
  if (target) copyFileSync(shot, target);
});
