import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectAllCardsDone, openRepoByPath, runTask } from './support/dashboard';
import { useServedRepo } from './support/served-repo';

const served = useServedRepo(['--demo', '--port', '0'], 'all');

// theme.css's --bg in each theme.
const LIGHT_BG = 'rgb(243, 244, 246)';
const DARK_BG = 'rgb(12, 14, 18)';
const bodyBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('the theme follows the OS until the user picks one, and the pick survives a reload before first paint', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(served.server.url);
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  expect(await bodyBackground(page)).toBe(DARK_BG);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => bodyBackground(page)).toBe(LIGHT_BG);

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('settings-button').click();
  await expect(page.getByTestId('theme-system')).toHaveAttribute('aria-checked', 'true');
  await page.getByTestId('theme-light').click();
  await expect.poll(() => bodyBackground(page)).toBe(LIGHT_BG);

  // What the page looks like at its first frame, recorded before any of its scripts run.
  await page.addInitScript(() => {
    requestAnimationFrame(() => {
      (window as unknown as { firstFrameTheme: string | null }).firstFrameTheme = document.documentElement.getAttribute('data-theme');
    });
  });
  await page.reload();
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { firstFrameTheme: string | null }).firstFrameTheme)).toBe('light');
  expect(await bodyBackground(page)).toBe(LIGHT_BG);

  await page.getByTestId('settings-button').click();
  await expect(page.getByTestId('theme-light')).toHaveAttribute('aria-checked', 'true');
  await page.getByTestId('theme-system').click();
  await expect.poll(() => bodyBackground(page)).toBe(DARK_BG);
});

/** "in full" when the element's whole text is drawn: not cut by its own box, nor hidden by a clipping ancestor. */
async function howItReads(locator: Locator): Promise<string> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    if (el.scrollWidth > el.clientWidth + 1) return `cut: ${el.scrollWidth} px of text in ${el.clientWidth} px`;
    if (box.width === 0 || box.height === 0) return 'no size';
    const y = box.top + box.height / 2;
    for (const x of [box.left + 1, box.right - 1]) {
      const found = document.elementFromPoint(x, y);
      if (!found || !(found === el || el.contains(found))) return `hidden at (${x}, ${y}) by ${found?.outerHTML.slice(0, 120) ?? 'nothing'}`;
    }
    return 'in full';
  });
}

test('the dashboard header shows every count and the token total in full at 1024 and 800 px', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(served.server.url);
  await openRepoByPath(page, served.repo);
  await runTask(page, 'Add a short note about the project', 4);
  await expectAllCardsDone(page, 4);
  // A second task that waits for approval (and stays so): the header then holds two counts.
  await page.getByTestId('approval-mode-select').selectOption('suggest');
  await runTask(page, 'Add another note', 1);
  await expect(page.getByTestId('thread-card').first()).toHaveAttribute('data-status', 'waiting', { timeout: 120_000 });

  for (const width of [1024, 800]) {
    await page.setViewportSize({ width, height: 768 });
    const counts = page.locator('.dashboard-header .status-count');
    await expect(counts).toHaveText(['1 waiting', '4 done']);
    for (const count of await counts.all()) {
      expect(`${width} px, "${await count.textContent()}": ${await howItReads(count)}`).toBe(`${width} px, "${await count.textContent()}": in full`);
    }
    const tokens = page.getByTestId('usage-total');
    await expect(tokens).toContainText(/Tokens\s+\S*\d/);
    expect(`${width} px, token total: ${await howItReads(tokens)}`).toBe(`${width} px, token total: in full`);
  }
});

test('the side-by-side layout shows the transcript and the diff at once, and is remembered', async ({ page }) => {
  await page.goto(served.server.url);
  await openRepoByPath(page, served.repo);
  await page.getByTestId('thread-card').last().click();
  await expect(page.getByTestId('tab-changes')).toBeVisible();
  await page.getByTestId('layout-toggle').click();

  const transcriptPane = page.getByTestId('split-transcript-pane');
  const changesPane = page.getByTestId('split-changes-pane');
  await expect(transcriptPane.locator('[data-item-type="assistant_message"]').first()).toBeVisible();
  await expect(changesPane.locator('[data-testid=diff-line]').first()).toBeVisible();
  await expect(page.getByTestId('tab-changes')).toHaveCount(0);
  const left = await transcriptPane.boundingBox();
  const right = await changesPane.boundingBox();
  expect(left && right && left.x + left.width <= right.x).toBe(true);

  // Dragging the handle widens the transcript; the width and the layout survive a reload.
  const handle = page.getByTestId('split-handle');
  const start = await handle.boundingBox();
  if (!start) throw new Error('no split handle');
  await page.mouse.move(start.x + 3, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + 120, start.y + start.height / 2, { steps: 4 });
  await page.mouse.up();
  const widened = Number(await handle.getAttribute('aria-valuenow'));
  expect(widened).toBeGreaterThan(50);
  await page.reload();
  await expect(page.getByTestId('split-handle')).toHaveAttribute('aria-valuenow', String(widened));
  await expect(page.getByTestId('split-changes-pane').locator('[data-testid=diff-line]').first()).toBeVisible();

  // The split diff scrolls each side on its own, under the list.
  await page.getByTestId('diff-view-toggle').click();
  await expect(page.getByTestId('split-hscroll')).toBeVisible();
  await page.getByTestId('layout-toggle').click();
  await expect(page.getByTestId('tab-changes')).toBeVisible();
  await expect(page.getByTestId('thread-split')).toHaveCount(0);
});
