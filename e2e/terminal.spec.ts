import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectAllCardsDone, openRepoByPath, runTask } from './support/dashboard';
import { useServedRepo } from './support/served-repo';

const served = useServedRepo(['--demo', '--port', '0'], 'all');

/** Searches the terminal (xterm draws on a canvas, so its text is read through its search). */
async function find(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Find in terminal');
  await box.fill(text);
  await box.press('Enter');
}

async function expectFound(page: Page, text: string): Promise<void> {
  await expect(async () => {
    await find(page, text);
    await expect(page.getByTestId('terminal-matches')).toHaveText(/^\d+ of \d+$/, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

test("a thread's Terminal shows the agent's commands, runs what the user types, and survives a reload", async ({ page }) => {
  await page.goto(served.server.url);
  await openRepoByPath(page, served.repo);
  await runTask(page, 'Add a short note about the project', 1);
  await expectAllCardsDone(page, 1);

  await page.getByTestId('thread-card').first().click();
  await page.getByTestId('tab-terminal').click();
  await expect(page.getByTestId('terminal-pane')).toBeVisible();
  await expect(page.getByTestId('terminal-status')).toContainText("Agent's shell · sandboxed");
  // The commands the demo agent ran, as it typed them.
  await expectFound(page, 'git log --oneline -3');

  await page.getByTestId('terminal-surface').click();
  await page.keyboard.type('echo hello-$((6*7))');
  await page.keyboard.press('Enter');
  // Only the output has it: the typed line says hello-$((6*7)).
  await expectFound(page, 'hello-42');
  // The worktree's own port block, as the fleet recorded it for its only thread.
  const blocks = Object.values(JSON.parse(readFileSync(join(served.home, 'ports.json'), 'utf8')) as Record<string, { first: number }>);
  expect(blocks).toHaveLength(1);
  await page.getByTestId('terminal-surface').click();
  await page.keyboard.type('echo port-$FLOTILLA_PORT-shown');
  await page.keyboard.press('Enter');
  await expectFound(page, `port-${blocks[0]!.first}-shown`);

  await page.reload();
  await page.getByTestId('tab-terminal').click();
  await expectFound(page, 'hello-42');
  await expectFound(page, 'git log --oneline -3');
  await expectFound(page, `port-${blocks[0]!.first}-shown`);

  await page.getByTestId('new-terminal').click();
  await expect(page.getByTestId('terminal-user-label')).toHaveText('Your shell, not sandboxed');

  // Both at once: the transcript with the agent's terminal beside it.
  await page.getByTestId('tab-transcript').click();
  await page.getByTestId('terminal-beside').click();
  await expect(page.getByTestId('transcript')).toBeVisible();
  await expect(page.getByTestId('terminal-pane')).toBeVisible();
});
