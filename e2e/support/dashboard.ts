import { expect, type Page } from '@playwright/test';

/** Types a task into the new-task form and runs it with `agents` agents. */
export async function runTask(page: Page, prompt: string, agents: number): Promise<void> {
  await page.getByTestId('task-prompt').fill(prompt);
  await page.getByTestId('agent-count').fill(String(agents));
  await page.getByTestId('run-button').click();
}

/** Waits until there are exactly `count` thread cards and every one is done. */
export async function expectAllCardsDone(page: Page, count: number): Promise<void> {
  const cards = page.getByTestId('thread-card');
  await expect(cards).toHaveCount(count);
  for (let i = 0; i < count; i++) {
    await expect(cards.nth(i)).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  }
}

/** Opens a repository through the path field, as a browser user does. */
export async function openRepoByPath(page: Page, repo: string): Promise<void> {
  await page.getByTestId('repo-path-input').fill(repo);
  await page.getByTestId('repo-open-button').click();
  await expect(page.getByTestId('repo-name')).toContainText('flotilla-e2e-repo-');
}
