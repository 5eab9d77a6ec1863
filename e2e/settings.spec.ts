import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRepoByPath, runTask } from './support/dashboard';
import { useServedRepo } from './support/served-repo';

// No --demo: with no provider configured the server is in demo mode by itself, and adding one leaves it.
const served = useServedRepo(['--port', '0'], 'each');

const UNREACHABLE = 'http://127.0.0.1:9/v1';

test('a provider added in Settings becomes the default, is offered per task, and its removal brings demo mode back', async ({ page }) => {
  // apiKeyEnv must name a declared key variable; keyEnv is written by hand, as a user would.
  writeFileSync(join(served.home, 'settings.json'), JSON.stringify({ keyEnv: ['FLOTILLA_E2E_UNUSED'] }));
  await page.goto(served.server.url);
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  await openRepoByPath(page, served.repo);
  await expect(page.getByTestId('task-provider-select')).toHaveCount(0);

  await page.getByTestId('settings-button').click();
  const settings = page.getByTestId('settings-view');
  await expect(settings).toBeVisible();
  // Headless: no key store, so the view explains env vars and offers no key field.
  await expect(settings.getByTestId('settings-key-note')).toContainText('environment variable');
  await expect(settings.getByTestId('provider-key-input')).toHaveCount(0);

  await settings.getByTestId('provider-add-button').click();
  await settings.getByTestId('provider-label-input').fill('Far away');
  await settings.getByTestId('provider-baseurl-input').fill(UNREACHABLE);
  await settings.getByTestId('provider-model-input').fill('gpt-x');
  await settings.getByTestId('provider-api-select').selectOption('chat');
  // A variable not declared for keys is refused, saying how to declare it.
  await settings.getByTestId('provider-keyenv-input').fill('GITHUB_TOKEN');
  await settings.getByTestId('provider-save-button').click();
  await expect(settings.getByTestId('error-message')).toContainText('"keyEnv": ["GITHUB_TOKEN"]');
  await settings.getByTestId('provider-keyenv-input').fill('FLOTILLA_E2E_UNUSED');
  await settings.getByTestId('provider-save-button').click();
  await expect(settings.getByTestId('provider-row')).toHaveCount(1);
  await expect(settings.getByTestId('provider-row')).toContainText('Far away');
  await expect(settings.getByTestId('provider-key-status')).toHaveText('key from $FLOTILLA_E2E_UNUSED');

  // A second provider with the same label is refused inline.
  await settings.getByTestId('provider-add-button').click();
  await settings.getByTestId('provider-label-input').fill('Far away');
  await settings.getByTestId('provider-baseurl-input').fill(UNREACHABLE);
  await settings.getByTestId('provider-model-input').fill('gpt-y');
  await settings.getByTestId('provider-save-button').click();
  await expect(settings.getByTestId('error-message')).toContainText('A provider named "Far away" already exists');
  await settings.getByRole('button', { name: 'Cancel' }).click();

  // Its key comes from an env var that is unset: clear it so the run fails on reachability instead.
  await settings.getByTestId('provider-edit-button').click();
  await settings.getByTestId('provider-keyenv-input').fill('');
  await settings.getByTestId('provider-save-button').click();
  await expect(settings.getByTestId('provider-key-status')).toHaveText('no key');

  await settings.getByTestId('default-provider-select').selectOption('Far away');
  await expect(page.getByTestId('provider-label')).toHaveText('Far away');
  await expect(page.getByTestId('demo-badge')).toHaveCount(0);
  await settings.getByRole('button', { name: 'Close' }).click();
  await expect(settings).toHaveCount(0);

  await expect(page.getByTestId('task-provider-select')).toHaveValue('Far away');
  await page.getByTestId('task-vary-providers').check();
  await page.getByTestId('agent-count').fill('3');
  await expect(page.getByTestId('task-agent-provider')).toHaveCount(3);
  await page.getByTestId('task-vary-providers').uncheck();
  await runTask(page, 'Say hello', 2);
  await expect(page.getByTestId('error-message')).toContainText(`Cannot reach the model server at ${UNREACHABLE}`);
  await expect(page.getByTestId('thread-card')).toHaveCount(0);

  await page.getByTestId('settings-button').click();
  await settings.getByTestId('provider-remove-button').click();
  await expect(settings.getByTestId('provider-row')).toHaveCount(0);
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  await settings.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('task-provider-select')).toHaveCount(0);
});

test('the defaults set in Settings are kept over a reload, an invalid one is refused with its message, and new tasks start from them', async ({ page }) => {
  await page.goto(served.server.url);
  await openRepoByPath(page, served.repo);
  await page.getByTestId('settings-button').click();
  const defaults = page.getByTestId('settings-view').getByTestId('defaults-settings');
  await defaults.getByTestId('default-approval-choice').selectOption('chosen');
  await defaults.getByTestId('default-approval-mode').selectOption('suggest');
  await defaults.getByTestId('default-max-agents').fill('3');
  await defaults.getByTestId('default-turn-minutes').fill('12');
  await defaults.getByTestId('default-command-seconds').fill('90');
  await defaults.getByTestId('defaults-save').click();
  await expect(defaults.getByTestId('defaults-saved')).toBeVisible();

  await page.reload();
  await page.getByTestId('settings-button').click();
  const kept = page.getByTestId('settings-view').getByTestId('defaults-settings');
  await expect(kept.getByTestId('default-approval-mode')).toHaveValue('suggest');
  await expect(kept.getByTestId('default-max-agents')).toHaveValue('3');
  await expect(kept.getByTestId('default-turn-minutes')).toHaveValue('12');
  await expect(kept.getByTestId('default-command-seconds')).toHaveValue('90');

  // The fleet's validation, next to the field it is about; nothing is written.
  await kept.getByTestId('default-max-agents').fill('65');
  await kept.getByTestId('defaults-save').click();
  await expect(kept.getByTestId('error-message')).toContainText('Max agents can be at most 64.');
  await page.reload();
  await page.getByTestId('settings-button').click();
  await expect(page.getByTestId('default-max-agents')).toHaveValue('3');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('settings-view')).toHaveCount(0);
  await expect(page.getByTestId('approval-mode-select')).toHaveValue('suggest');
  await expect(page.getByTestId('agent-count')).toHaveValue('3');
});

test('with max agents 1, the second agent of a task waits for a slot on its card, then both finish', async ({ page }) => {
  await page.goto(served.server.url);
  await openRepoByPath(page, served.repo);
  await page.getByTestId('settings-button').click();
  const defaults = page.getByTestId('defaults-settings');
  await defaults.getByTestId('default-max-agents').fill('1');
  await defaults.getByTestId('defaults-save').click();
  await expect(defaults.getByTestId('defaults-saved')).toBeVisible();
  await page.keyboard.press('Escape');
  await runTask(page, 'Two agents, one slot', 2);
  const cards = page.getByTestId('thread-card');
  await expect(cards).toHaveCount(2);
  await expect(page.locator('[data-testid=thread-card]', { hasText: 'Waiting for a slot (1 running, max 1)' })).toHaveCount(1);
  await expect(page.locator('[data-testid=thread-status][data-slot-wait=true]')).toHaveText('waiting for a slot');
  for (let i = 0; i < 2; i++) await expect(cards.nth(i)).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
});
