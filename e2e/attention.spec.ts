import { expect, test, type Page } from '@playwright/test';
import { expectAllCardsDone, openRepoByPath, runTask } from './support/dashboard';
import { useServedRepo } from './support/served-repo';

// A server per test: each test reads the dashboard and its inbox from a clean fleet.
const served = useServedRepo(['--demo', '--port', '0'], 'each');

const PROMPT = 'Add a short note about the project';
const DONE = { timeout: 120_000 };

/**
 * Grants the Notification permission and records every Notification the page constructs (the
 * real one is still built), so the test sees what a user's desktop would show.
 */
async function recordNotifications(page: Page): Promise<void> {
  await page.context().grantPermissions(['notifications'], { origin: new URL(served.server.url).origin });
  await page.addInitScript(() => {
    const Original = window.Notification;
    const shown: Array<{ title: string; body: string }> = [];
    (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
    class Recording extends Original {
      constructor(title: string, options?: NotificationOptions) {
        shown.push({ title, body: options?.body ?? '' });
        super(title, options);
      }
      static override get permission() {
        return Original.permission;
      }
      static override requestPermission = Original.requestPermission.bind(Original);
    }
    window.Notification = Recording;
  });
}

async function shownNotifications(page: Page): Promise<Array<{ title: string; body: string }>> {
  return page.evaluate(() => (window as unknown as { shownNotifications: Array<{ title: string; body: string }> }).shownNotifications);
}

async function openDashboard(page: Page, demoScript?: string): Promise<void> {
  const url = new URL(served.server.url);
  if (demoScript) url.searchParams.set('demoScript', demoScript);
  await page.goto(url.toString());
  await openRepoByPath(page, served.repo);
}

test('a finished thread raises a notification, an inbox entry, an unread mark and the title count; the entry opens it', async ({ page }) => {
  await recordNotifications(page);
  await openDashboard(page);
  await expect(page).toHaveTitle('Flotilla');

  // The test's page has focus, so ask for notifications even while Flotilla is in front.
  await page.getByTestId('settings-button').click();
  await page.getByTestId('notify-only-background').uncheck();
  await expect(page.getByTestId('notify-permission')).toContainText('allowed');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('settings-view')).toHaveCount(0);

  await runTask(page, PROMPT, 2);
  await expectAllCardsDone(page, 2);
  const cards = page.getByTestId('thread-card');
  await expect(cards.nth(0).getByTestId('thread-title')).toHaveText(`${PROMPT} · agent 1`);
  await expect(cards.nth(1).getByTestId('thread-title')).toHaveText(`${PROMPT} · agent 2`);
  await expect(cards.nth(0).getByTestId('thread-repo')).toContainText('flotilla-e2e-repo-');

  await expect(page).toHaveTitle('(2) Flotilla');
  await expect(page.getByTestId('inbox-count')).toHaveText('2');
  for (let i = 0; i < 2; i++) await expect(cards.nth(i).getByTestId('unread-marker')).toBeVisible();
  await expect.poll(async () => (await shownNotifications(page)).map((n) => n.title).sort()).toEqual([
    `Finished: ${PROMPT} · agent 1`,
    `Finished: ${PROMPT} · agent 2`,
  ]);

  const second = await cards.nth(1).getAttribute('data-thread-id');
  await page.getByTestId('inbox-button').click();
  const entries = page.getByTestId('inbox-entry');
  await expect(entries).toHaveCount(2);
  await entries.and(page.locator(`[data-thread-id="${second}"]`)).click();

  // The thread opens at its end, marked, and counts as seen.
  await expect(page.locator(`.thread-view[data-thread-id="${second}"]`)).toBeVisible();
  await expect(page.locator('.thread-view').getByTestId('thread-title')).toHaveText(`${PROMPT} · agent 2`);
  await expect(page.getByTestId('transcript').locator('[data-attention-target="finished"]')).toBeVisible();
  await expect(page).toHaveTitle('(1) Flotilla');
  await page.getByTestId('back-to-dashboard').click();
  await expect(cards.nth(1).getByTestId('unread-marker')).toHaveCount(0);
  await expect(cards.nth(0).getByTestId('unread-marker')).toBeVisible();
});

test('the keyboard moves between agents, opens the palette and the help, and leaves typing alone', async ({ page }) => {
  await openDashboard(page);
  await runTask(page, PROMPT, 3);
  await expectAllCardsDone(page, 3);
  const title = page.locator('.thread-view').getByTestId('thread-title');

  await page.getByTestId('thread-card').first().focus();
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-help')).toBeVisible();
  await expect(page.getByTestId('shortcut-help')).toContainText('Palette: jump to any thread or action');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-help')).toHaveCount(0);

  // On the dashboard a number opens the Nth agent of the list; in a thread, agent N of its task.
  await page.keyboard.press('2');
  await expect(title).toHaveText(`${PROMPT} · agent 2`);
  await page.keyboard.press('3');
  await expect(title).toHaveText(`${PROMPT} · agent 3`);
  await page.keyboard.press('ArrowLeft');
  await expect(title).toHaveText(`${PROMPT} · agent 2`);

  // In the composer a digit is text, not a shortcut.
  await page.keyboard.press('c');
  const input = page.getByTestId('message-input');
  await expect(input).toBeFocused();
  await page.keyboard.type('1');
  await expect(input).toHaveValue('1');
  await expect(title).toHaveText(`${PROMPT} · agent 2`);
  await input.fill('');
  await input.blur();

  await page.keyboard.press('d');
  await expect(page.getByTestId('tab-changes')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('t');
  await expect(page.getByTestId('tab-transcript')).toHaveAttribute('aria-selected', 'true');

  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('command-palette')).toBeVisible();
  await page.getByTestId('palette-input').fill('agent 1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('command-palette')).toHaveCount(0);
  await expect(title).toHaveText(`${PROMPT} · agent 1`);

  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('dashboard');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('thread-card')).toHaveCount(3);
});

test('the agent list beside the grid sorts and filters by status; a steer shows pending, then delivered', async ({ page }) => {
  await openDashboard(page, 'slow');
  await runTask(page, PROMPT, 3);
  const cards = page.getByTestId('thread-card');
  await expect(cards).toHaveCount(3);
  const held = cards.first();
  await expect(held).toHaveAttribute('data-status', 'working');
  await held.getByTestId('pause-button').click();
  await expect(held).toHaveAttribute('data-status', 'paused');
  for (let i = 1; i < 3; i++) await expect(cards.nth(i)).toHaveAttribute('data-status', 'done', DONE);

  const list = page.getByTestId('thread-list');
  const rows = list.getByTestId('thread-row');
  const agents = async () => (await rows.getByTestId('thread-row-title').allTextContents()).map((t) => t.replace(/.*· /, ''));
  await expect(rows).toHaveCount(3);
  expect(await agents()).toEqual(['agent 1', 'agent 2', 'agent 3']);

  await list.getByTestId('thread-list-filter').selectOption('done');
  await expect(rows).toHaveCount(2);
  expect(await agents()).toEqual(['agent 2', 'agent 3']);
  await list.getByTestId('thread-list-filter').selectOption('paused');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-status', 'paused');

  // "Needs you first": the two unread finished agents come before the paused one.
  await list.getByTestId('thread-list-filter').selectOption('all');
  await list.getByTestId('thread-list-sort').selectOption('attention');
  await expect(rows).toHaveCount(3);
  await expect.poll(agents).toEqual(['agent 2', 'agent 3', 'agent 1']);

  await page.getByTestId('thread-list-toggle').click();
  await expect(list).toHaveCount(0);

  // Steering the paused agent: the message shows at once as pending, and delivered once resumed.
  await held.click();
  await expect(page.getByTestId('thread-elapsed')).toHaveAttribute('title', 'Elapsed (stopped while paused)');
  await page.getByTestId('message-input').fill('Keep the note short.');
  await page.getByTestId('send-button').click();
  const steered = page.getByTestId('transcript-item').filter({ hasText: 'Keep the note short.' });
  await expect(steered.getByTestId('message-delivery')).toHaveAttribute('data-delivery', 'pending');
  await page.getByTestId('resume-button').click();
  await expect(steered.getByTestId('message-delivery')).toHaveAttribute('data-delivery', 'delivered', DONE);
  await expect(steered).toHaveCount(1);
});
