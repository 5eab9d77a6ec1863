import { expect, test, type Page } from '@playwright/test';
import { openRepoByPath, runTask } from './support/dashboard';
import { useServedRepo } from './support/served-repo';

// A server per test: each test reads the dashboard from a clean fleet.
const served = useServedRepo(['--demo', '--port', '0'], 'each');

/** Opens the page (optionally with a bundled demo script) and the sample repository. */
async function openRepo(page: Page, demoScript?: string): Promise<void> {
  const url = new URL(served.server.url);
  if (demoScript) url.searchParams.set('demoScript', demoScript);
  await page.goto(url.toString());
  await openRepoByPath(page, served.repo);
}

const DONE = { timeout: 120_000 };

test('a paused agent holds while the others finish, takes an edited queued message, and acts on it after resume', async ({
  page,
}) => {
  await openRepo(page, 'slow');
  await runTask(page, 'Add a short note about the project', 4);
  const cards = page.getByTestId('thread-card');
  await expect(cards).toHaveCount(4);

  const paused = cards.first();
  // Its worker is up once it works; the slow script keeps it working for several seconds.
  await expect(paused).toHaveAttribute('data-status', 'working');
  await paused.getByTestId('pause-button').click();
  await expect(paused).toHaveAttribute('data-status', 'paused');
  await expect(paused.getByTestId('resume-button')).toBeVisible();

  for (let i = 1; i < 4; i++) await expect(cards.nth(i)).toHaveAttribute('data-status', 'done', DONE);
  await expect(paused).toHaveAttribute('data-status', 'paused');

  await paused.click();
  await expect(page.getByTestId('thread-status')).toHaveText('paused');
  await page.getByTestId('message-input').fill('Also mention the tests.');
  await page.getByTestId('queue-button').click();
  const queued = page.getByTestId('queued-message');
  await expect(queued).toHaveCount(1);
  await expect(queued).toContainText('Also mention the tests.');

  await queued.getByTestId('queued-message-edit').click();
  await queued.getByTestId('queued-message-input').fill('Also mention the license.');
  await queued.getByTestId('queued-message-save').click();
  await expect(queued).toContainText('Also mention the license.');

  await page.getByTestId('resume-button').click();
  await expect(page.getByTestId('thread-status')).toHaveText('done', DONE);
  await expect(queued).toHaveCount(0);

  // The message reached the agent and started a turn of its own after the scripted one: the demo
  // model answers requests past the end of its script with "Nothing left in the script."
  // Every item but the per-turn usage lines, so `last()` is what the agent did last.
  const items = page.getByTestId('transcript').locator('[data-testid="transcript-item"]:not([data-item-type="turn_usage"])');
  const message = items.filter({ hasText: 'Also mention the license.' });
  await expect(message).toHaveAttribute('data-item-type', 'user_message');
  await expect(message.getByTestId('message-delivery')).toHaveAttribute('data-delivery', 'delivered');
  await expect(items.last()).toHaveAttribute('data-item-type', 'assistant_message');
  await expect(items.last()).toHaveText('Nothing left in the script.');
});

test('Pause all holds every running agent and Resume all lets them finish', async ({ page }) => {
  await openRepo(page, 'slow');
  await runTask(page, 'Add a short note about the project', 2);
  const cards = page.getByTestId('thread-card');
  await expect(cards).toHaveCount(2);
  for (let i = 0; i < 2; i++) await expect(cards.nth(i)).toHaveAttribute('data-status', 'working');

  await page.getByTestId('pause-all-button').click();
  for (let i = 0; i < 2; i++) await expect(cards.nth(i)).toHaveAttribute('data-status', 'paused');
  await expect(page.getByTestId('pause-all-button')).toBeDisabled();

  await page.getByTestId('resume-all-button').click();
  for (let i = 0; i < 2; i++) await expect(cards.nth(i)).toHaveAttribute('data-status', 'done', DONE);
});

test('an interrupted agent resumes from its card and finishes with its history', async ({ page }) => {
  await openRepo(page, 'slow');
  await runTask(page, 'Add a short note about the project', 1);
  const card = page.getByTestId('thread-card');
  await expect(card).toHaveAttribute('data-status', 'working');

  await card.getByTestId('interrupt-button').click();
  await expect(card).toHaveAttribute('data-status', 'interrupted');
  await card.getByTestId('resume-button').click();
  await expect(card).toHaveAttribute('data-status', 'done', DONE);

  // One transcript: the interruption, then the continued work and its closing message.
  await card.click();
  // Every item but the per-turn usage lines, so `last()` is what the agent did last.
  const items = page.getByTestId('transcript').locator('[data-testid="transcript-item"]:not([data-item-type="turn_usage"])');
  await expect(items.filter({ hasText: 'Turn interrupted.' })).toHaveCount(1);
  await expect(items.first()).toContainText('Add a short note about the project');
  await expect(items.last()).toHaveAttribute('data-item-type', 'assistant_message');
});

test('in suggest mode the agent asks before a command, and the user approves it from the thread view', async ({
  page,
}) => {
  await openRepo(page);
  await page.getByTestId('approval-mode-select').selectOption('suggest');
  await runTask(page, 'Add a short note about the project', 1);

  const card = page.getByTestId('thread-card');
  await expect(card.getByTestId('needs-approval')).toBeVisible();
  await card.click();
  await expect(page.getByTestId('approval-subject')).toContainText('$ git status');

  // Full auto from the next tool call on, so only the open request needs an answer.
  await page.getByTestId('thread-approval-mode').selectOption('full-auto');
  await expect(page.getByTestId('thread-approval-mode')).toHaveValue('full-auto');
  await page.getByTestId('approval-approve').click();

  await expect(page.getByTestId('thread-status')).toHaveText('done', DONE);
  await expect(page.getByTestId('approval-panel')).toHaveCount(0);
  const command = page.getByTestId('transcript').locator('[data-item-type="command"]').first();
  await expect(command).toContainText('git status');
});
