import { expect, test } from '@playwright/test';
import { rmSync } from 'node:fs';
import { runTask } from './support/dashboard';
import { makeSampleRepo, makeTempDir } from './support/sample-repo';
import { serveFlotilla, type ServedFlotilla } from './support/serve';

// The real pinned codex (the @openai/codex devDependency, installed by npm ci) behind `serve --demo`.
let repo: string;
let home: string;
let server: ServedFlotilla;

test.beforeAll(async () => {
  repo = makeSampleRepo();
  home = makeTempDir('flotilla-e2e-home-');
  server = await serveFlotilla(['--demo', '--port', '0', '--repo', repo], { FLOTILLA_HOME: home });
});

test.afterAll(async () => {
  await server?.stop();
  for (const dir of [repo, home]) rmSync(dir, { recursive: true, force: true });
});

test('Agent: Codex in the task form runs a Codex thread to done, its command and patch in the transcript', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(server.url);
  await expect(page.getByTestId('repo-name')).toContainText('flotilla-e2e-repo-');
  await page.getByTestId('task-agent-kind').selectOption('codex');
  await expect(page.getByTestId('codex-status')).toHaveText(/^codex \d+\.\d+\.\d+$/);
  await runTask(page, 'Show the demo with Codex', 1);
  const card = page.getByTestId('thread-card');
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId('agent-kind-badge')).toHaveText('Codex');
  await expect(card).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  await card.click();
  const transcript = page.getByTestId('transcript');
  await expect(transcript.locator('[data-item-type="command"]').first()).toBeVisible();
  await expect(transcript.locator('[data-item-type="patch"]').first()).toContainText('agent-1.md');
});
