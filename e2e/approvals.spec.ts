import { expect, test } from '@playwright/test';
import { openRepoByPath, runTask } from './support/dashboard';
import { useServedRepo } from './support/served-repo';

const served = useServedRepo(['--demo', '--port', '0'], 'each');

const DONE = { timeout: 120_000 };

test('in suggest mode every action waits for an answer: approved ones run, a denied command is declined', async ({
  page,
}) => {
  await page.goto(served.server.url);
  await openRepoByPath(page, served.repo);
  await page.getByTestId('approval-mode-select').selectOption('suggest');
  // The default demo script: two commands, a patch, a command, then a summary.
  await runTask(page, 'Add a short note about the project', 1);

  const card = page.getByTestId('thread-card');
  await expect(card).toHaveAttribute('data-status', 'waiting', DONE);
  await card.click();
  const subject = page.getByTestId('approval-subject');

  await expect(subject).toContainText('$ git status --short && ls');
  await page.getByTestId('approval-approve').click();

  await expect(subject).toContainText('$ git log --oneline -3', DONE);
  await page.getByTestId('approval-deny').click();

  await expect(subject).toContainText('flotilla-demo/agent-1.md', DONE);
  await page.getByTestId('approval-approve').click();

  // The last command asks too (edits and commands are approved separately); approve it for the thread.
  await expect(subject).toContainText('$ wc -l', DONE);
  await page.getByTestId('approval-approve-thread').click();

  await expect(page.getByTestId('thread-status')).toHaveText('done', DONE);
  await expect(page.getByTestId('approval-panel')).toHaveCount(0);
  const items = page.getByTestId('transcript').getByTestId('transcript-item');
  const commandStatus = (text: string) =>
    items.filter({ hasText: text }).locator('.block.command').first();
  await expect(commandStatus('git status --short')).toHaveAttribute('data-status', 'completed');
  await expect(commandStatus('git log --oneline -3')).toHaveAttribute('data-status', 'declined');
  await expect(commandStatus('wc -l')).toHaveAttribute('data-status', 'completed');
  await expect(items.locator('.block.patch').first()).toHaveAttribute('data-status', 'completed');
});
