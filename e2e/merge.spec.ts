import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expectAllCardsDone, runTask } from './support/dashboard';
import { REVIEW_REPLY, writeMergeScripts } from './support/merge-scripts';
import { git, makeSampleRepo, makeTempDir } from './support/sample-repo';
import { serveFlotilla, type ServedFlotilla } from './support/serve';

let repo: string;
let home: string;
let scriptPaths: { retitle: string; candidate: string };
let server: ServedFlotilla;

test.beforeAll(async () => {
  repo = makeSampleRepo();
  home = makeTempDir('flotilla-e2e-home-');
  // The server reads a client's demo scripts only from its data dir's demo-scripts/.
  const scripts = join(home, 'demo-scripts');
  mkdirSync(scripts, { recursive: true });
  scriptPaths = writeMergeScripts(scripts);
  server = await serveFlotilla(['--demo', '--port', '0', '--repo', repo], { FLOTILLA_HOME: home });
});

test.afterAll(async () => {
  await server?.stop();
  for (const dir of [repo, home]) rmSync(dir, { recursive: true, force: true });
});

async function openWithScript(page: Page, script: string | null): Promise<void> {
  await page.goto(script ? `${server.url}&demoScript=${encodeURIComponent(script)}` : server.url);
  await expect(page.getByTestId('repo-name')).toContainText('flotilla-e2e-repo-');
}

async function cardIds(page: Page): Promise<string[]> {
  return page.getByTestId('thread-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-thread-id') ?? ''));
}

test('four agents: the matrix shows the conflict, the compatible three merge, a review is acted on, rolled back and reverted', async ({ page }) => {
  test.setTimeout(300_000);
  page.on('dialog', (dialog) => void dialog.accept());

  await openWithScript(page, null);
  await runTask(page, 'Add a short note about the project', 2);
  await expectAllCardsDone(page, 2);
  await openWithScript(page, scriptPaths.retitle);
  await runTask(page, 'Retitle the README', 2);
  await expectAllCardsDone(page, 4);
  // Newest task first: the two README agents, then the two note agents.
  const [readme1, readme2, note1, note2] = (await cardIds(page)) as [string, string, string, string];

  await page.getByTestId('select-mode-button').click();
  const boxes = page.getByTestId('select-thread');
  for (let i = 0; i < 4; i++) await boxes.nth(i).check();
  await page.getByTestId('merge-button').click();

  const matrix = page.getByTestId('conflict-matrix');
  await expect(matrix).toBeVisible({ timeout: 60_000 });
  const conflict = matrix.locator(`[data-testid=matrix-cell][data-a="${readme1}"][data-b="${readme2}"]`);
  await expect(conflict).toHaveAttribute('data-conflicts', '1');
  await expect(conflict).toContainText('README.md');
  await expect(matrix.locator('[data-testid=matrix-cell][data-b=base]:not([data-conflicts="0"])')).toHaveCount(0);
  await expect(matrix.locator(`[data-testid=matrix-cell][data-a="${note1}"][data-b="${note2}"]`)).toHaveAttribute('data-conflicts', '0');

  await expect(page.getByTestId('merge-strategy')).toHaveValue('squash');
  await expect(page.getByTestId('merge-run-button')).toHaveText('Merge 3 threads');
  await page.getByTestId('merge-run-button').click();
  const report = page.getByTestId('merge-report');
  await expect(report.getByTestId('merged-thread')).toHaveCount(3, { timeout: 60_000 });
  await expect(page.getByTestId('merge-stopped')).toHaveCount(0);

  // The base branch holds the three agents' work, and not the fourth's.
  expect(git(repo, 'show', 'main:README.md')).toContain('Agent 1 rewrote this description.');
  expect(git(repo, 'ls-tree', '--name-only', 'main', 'flotilla-demo/').split('\n').filter(Boolean)).toEqual([
    'flotilla-demo/agent-1.md',
    'flotilla-demo/agent-2.md',
  ]);
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-testid=thread-card] [data-testid=merge-badge]')).toHaveCount(3);
  await expect(page.locator(`[data-testid=thread-card][data-thread-id="${readme2}"] [data-testid=merge-badge]`)).toHaveCount(0);

  // Merging it now stops the train on its conflict with the base, and offers the agent to resolve.
  await page.getByTestId('select-mode-button').click();
  await page.locator(`[data-testid=thread-card][data-thread-id="${readme2}"] [data-testid=select-thread]`).check();
  await page.getByTestId('merge-button').click();
  await expect(matrix.locator(`[data-testid=matrix-cell][data-a="${readme2}"][data-b=base]`)).toContainText('README.md', { timeout: 60_000 });
  await expect(page.getByTestId('merge-run-button')).toBeDisabled();
  await page.getByTestId('merge-include').check();
  await page.getByTestId('merge-run-button').click();
  await expect(page.getByTestId('merge-stopped')).toContainText('README.md', { timeout: 60_000 });
  await expect(page.getByTestId('merge-resolve-button')).toBeVisible();
  expect(git(repo, 'show', 'main:README.md')).not.toContain('Agent 2');

  // Review the unmerged README agent's change: comment on its added line and send the review.
  await page.keyboard.press('Escape');
  await page.locator(`[data-testid=thread-card][data-thread-id="${readme2}"]`).click();
  await page.getByTestId('tab-changes').click();
  await expect(page.locator('[data-testid=diff-file][data-path="README.md"]')).toBeVisible();
  const toggle = page.getByTestId('diff-view-toggle');
  await toggle.click();
  await expect(toggle).toHaveAttribute('data-mode', 'split');
  await toggle.click();
  await expect(toggle).toHaveAttribute('data-mode', 'unified');
  const added = page.locator('[data-testid=diff-line][data-kind=add]').filter({ hasText: 'Agent 2 rewrote' });
  await added.locator('.diff-gutter').click();
  await page.getByTestId('review-comment-input').fill('Say who reviewed this.');
  await page.getByTestId('add-comment-button').click();
  await expect(page.getByTestId('review-comment')).toHaveCount(1);
  await expect(page.getByTestId('review-comment')).toContainText('README.md:3');
  await page.getByTestId('send-review-button').click();
  await expect(page.getByTestId('review-comment')).toHaveCount(0);

  // The agent gets the review as a message and acts on it in a new turn.
  await page.getByTestId('tab-transcript').click();
  const transcript = page.getByTestId('transcript');
  const review = transcript.locator('[data-item-type=user_message]').filter({ hasText: 'Review comments:' });
  await expect(review).toContainText('Say who reviewed this.', { timeout: 60_000 });
  await expect(transcript.locator('[data-item-type=assistant_message]').filter({ hasText: REVIEW_REPLY })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('thread-status')).toHaveText('done', { timeout: 60_000 });
  await page.getByTestId('tab-changes').click();
  await expect(page.locator('[data-testid=diff-line][data-kind=add]').filter({ hasText: 'Reviewed and revised.' })).toBeVisible({ timeout: 30_000 });

  // Turn 1 alone is the rewrite; rolling back to it undoes the review's change.
  const turns = page.getByTestId('turn-select');
  await expect(turns.locator('option')).toHaveCount(3);
  await turns.selectOption({ index: 1 });
  const addedLines = page.locator('[data-testid=diff-line][data-kind=add]');
  await expect(addedLines.filter({ hasText: 'Reviewed and revised.' })).toHaveCount(0);
  await expect(addedLines.filter({ hasText: 'Agent 2 rewrote' })).toBeVisible();
  await page.getByTestId('rollback-button').click();
  await turns.selectOption({ index: 0 });
  await expect(addedLines.filter({ hasText: 'Agent 2 rewrote' })).toBeVisible();
  await expect(addedLines.filter({ hasText: 'Reviewed and revised.' })).toHaveCount(0);

  // Reverting the file leaves the worktree with no changes.
  await page.getByTestId('revert-file-button').click();
  await expect(page.locator('.diff-empty')).toHaveText('No changes yet.');
});

test('best-of-N: compare a task\'s agents and pick one, which merges it and discards the other', async ({ page }) => {
  test.setTimeout(180_000);
  page.on('dialog', (dialog) => void dialog.accept());
  await openWithScript(page, scriptPaths.candidate);
  await runTask(page, 'Write a candidate', 2);
  await expect(page.getByTestId('error-message')).toHaveCount(0);
  const section = page.locator('.task-section').filter({ hasText: 'Write a candidate' });
  const cards = section.getByTestId('thread-card');
  await expect(cards).toHaveCount(2);
  for (let i = 0; i < 2; i++) await expect(cards.nth(i)).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  const [first, second] = (await cards.evaluateAll((els) => els.map((c) => c.getAttribute('data-thread-id') ?? ''))) as [string, string];

  await section.getByTestId('compare-button').click();
  const compare = page.getByTestId('compare-view');
  await expect(compare.getByTestId('pick-button')).toHaveCount(2);
  await expect(compare).toContainText('Write a candidate');
  await compare.locator(`[data-testid=pick-button][data-thread-id="${second}"]`).click();
  await expect(page.getByTestId('pick-done')).toBeVisible({ timeout: 60_000 });

  expect(git(repo, 'ls-tree', '--name-only', 'main', 'candidates/').trim()).toBe('candidates/agent-2.md');
  await page.keyboard.press('Escape');
  await expect(page.locator(`[data-testid=thread-card][data-thread-id="${second}"] [data-testid=merge-badge]`)).toHaveText('merged');
  await expect(page.locator(`[data-testid=thread-card][data-thread-id="${first}"] [data-testid=merge-badge]`)).toHaveText('discarded');
  // The winner still shows what it landed, not a diff against a base that now holds it.
  await expect(page.locator(`[data-testid=thread-card][data-thread-id="${second}"] [data-testid=thread-diffstat]`)).toContainText('1 file');
});
