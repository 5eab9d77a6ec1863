import { expect, test } from '@playwright/test';
import { rmSync } from 'node:fs';
import { runTask } from './support/dashboard';
import { makeSampleRepo, makeTempDir } from './support/sample-repo';
import { serveFlotilla, type ServedFlotilla } from './support/serve';

let repo: string;
let home: string;
let server: ServedFlotilla;

test.beforeEach(async () => {
  repo = makeSampleRepo();
  home = makeTempDir('flotilla-e2e-home-');
  server = await serveFlotilla(['--demo', '--port', '0'], { FLOTILLA_HOME: home });
});

test.afterEach(async () => {
  await server?.stop();
  rmSync(repo, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

const DONE = { timeout: 120_000 };

test('in suggest mode every action waits for an answer: approved ones run, a denied command is declined', async ({
  page,
}) => {
  await page.goto(server.url);
  await page.getByTestId('repo-path-input').fill(repo);
  await page.getByTestId('repo-open-button').click();
  await expect(page.getByTestId('repo-name')).toContainText('flotilla-e2e-repo-');
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
