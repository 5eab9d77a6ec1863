import { expect, test } from '@playwright/test';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runTask } from './support/dashboard';
import { writeCompareScript } from './support/compare-scripts';
import { git, makeSampleRepo, makeTempDir } from './support/sample-repo';
import { serveFlotilla, type ServedFlotilla } from './support/serve';

let repo: string;
let home: string;
let script: string;
let server: ServedFlotilla;

test.beforeAll(async () => {
  repo = makeSampleRepo();
  home = makeTempDir('flotilla-e2e-home-');
  const scripts = join(home, 'demo-scripts');
  mkdirSync(scripts, { recursive: true });
  script = writeCompareScript(scripts);
  server = await serveFlotilla(['--demo', '--port', '0', '--repo', repo], { FLOTILLA_HOME: home });
});

test.afterAll(async () => {
  await server?.stop();
  for (const dir of [repo, home]) rmSync(dir, { recursive: true, force: true });
});

test('compare shows the candidates side by side, aligned per file and hunk, with checks; a pick merges one and says what was kept', async ({ page }) => {
  test.setTimeout(180_000);
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`${server.url}&demoScript=${encodeURIComponent(script)}`);
  await expect(page.getByTestId('repo-name')).toContainText('flotilla-e2e-repo-');
  await runTask(page, 'Rewrite the README line', 2);
  const section = page.locator('.task-section').filter({ hasText: 'Rewrite the README line' });
  const cards = section.getByTestId('thread-card');
  await expect(cards).toHaveCount(2);
  for (let i = 0; i < 2; i++) await expect(cards.nth(i)).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  const ids = await cards.evaluateAll((els) => els.map((c) => c.getAttribute('data-thread-id') ?? ''));
  const byAgent = async (n: number) => (await cards.nth(n - 1).getAttribute('data-thread-id')) ?? '';
  const [one, two] = [await byAgent(1), await byAgent(2)];
  expect(new Set(ids)).toEqual(new Set([one, two]));

  await section.getByTestId('compare-button').click();
  const compare = page.getByTestId('compare-view');

  // Each candidate's checks, tokens and cost.
  const checks = compare.getByTestId('compare-checks');
  await expect(checks).toHaveText(['1 passed', '1 of 1 failed']);
  await expect(checks.nth(1)).toHaveAttribute('title', /test 2 -eq 1 → exit 1/);
  for (const tokens of await compare.getByTestId('compare-tokens').allTextContents()) expect(tokens).toMatch(/[1-9]/);
  await expect(compare.getByTestId('compare-cost')).toHaveCount(2);

  // Files lined up by path: README.md in both columns, each candidate's notes file in its own only.
  const files = compare.getByTestId('compare-file');
  await expect(files).toHaveCount(3);
  expect(await files.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')))).toEqual(['notes/candidate-1.md', 'notes/candidate-2.md', 'README.md']);
  const readme = compare.locator('[data-testid=compare-file][data-path="README.md"]');
  await expect(readme.getByTestId('compare-present')).toHaveCount(2);
  await expect(readme.getByTestId('compare-absent')).toHaveCount(0);
  const notesOne = compare.locator('[data-testid=compare-file][data-path="notes/candidate-1.md"]');
  await expect(notesOne.locator(`[data-testid=compare-absent][data-thread-id="${two}"]`)).toHaveText('Agent 2 did not touch this file');
  await expect(notesOne.locator(`[data-testid=compare-present][data-thread-id="${one}"]`)).toBeVisible();

  // The two rewrites of the same line are one row, at the same height in both columns.
  const rewrite = (id: string) => readme.locator(`[data-testid=compare-hunk-cell][data-row="0"][data-thread-id="${id}"]`);
  await expect(rewrite(one).locator('[data-kind=add]')).toHaveText(/Candidate 1 rewrote this line\./);
  await expect(rewrite(two).locator('[data-kind=add]')).toHaveText(/Candidate 2 rewrote this line\./);
  await expect(rewrite(one).locator('[data-kind=del]')).toHaveText(/A repository for the end-to-end suite\./);
  const [top1, top2] = [await rewrite(one).boundingBox(), await rewrite(two).boundingBox()];
  expect(top1?.y).toBe(top2?.y);
  expect(top1?.x).toBeLessThan(top2?.x ?? 0);

  // Picking candidate 1 merges it and says what was kept and what was discarded.
  await compare.locator(`[data-testid=pick-button][data-thread-id="${one}"]`).click();
  await expect(compare.getByTestId('pick-kept')).toContainText('Kept agent 1: merged into main', { timeout: 60_000 });
  await expect(compare.getByTestId('pick-kept-file')).toHaveText(['README.md', 'notes/candidate-1.md']);
  await expect(compare.locator(`[data-testid=pick-discarded][data-thread-id="${two}"]`)).toContainText(/Discarded agent 2; its work is kept under refs\//);
  // The compared changes stay on screen after the pick, and the base holds the winner's work only.
  await expect(compare.getByTestId('compare-file')).toHaveCount(3);
  expect(git(repo, 'show', 'main:README.md')).toContain('Candidate 1 rewrote this line.');
  expect(git(repo, 'ls-tree', '--name-only', 'main', 'notes/').trim()).toBe('notes/candidate-1.md');
});
