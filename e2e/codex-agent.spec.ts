import { expect, test } from '@playwright/test';
import { lstatSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTask } from './support/dashboard';
import { makeSampleRepo, makeTempDir } from './support/sample-repo';
import { serveFlotilla, type ServedFlotilla } from './support/serve';

// The real pinned codex (the @openai/codex devDependency, installed by npm ci) behind `serve --demo`.
let repo: string;
let home: string;
let userCodex: string;
let server: ServedFlotilla;

test.beforeAll(async () => {
  repo = makeSampleRepo();
  home = makeTempDir('flotilla-e2e-home-');
  // The user's own Codex setup, for a task that asks for it: a login, and a provider on a closed port.
  userCodex = makeTempDir('flotilla-e2e-user-codex-');
  writeFileSync(join(userCodex, 'auth.json'), '{"OPENAI_API_KEY":"my-own-key"}');
  writeFileSync(join(userCodex, 'config.toml'), 'model_provider = "mine"\n[model_providers.mine]\nname = "Mine"\nbase_url = "http://127.0.0.1:9/v1"\nwire_api = "responses"\nrequest_max_retries = 0\nstream_max_retries = 0\n');
  server = await serveFlotilla(['--demo', '--port', '0', '--repo', repo], { FLOTILLA_HOME: home, CODEX_HOME: userCodex });
});

test.afterAll(async () => {
  await server?.stop();
  for (const dir of [repo, home, userCodex]) rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
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

test('Use my Codex setup in the task form gives that task\'s Codex thread the user\'s login', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('repo-name')).toContainText('flotilla-e2e-repo-');
  await expect(page.getByTestId('codex-setup-mine')).toHaveCount(0);
  await page.getByTestId('task-agent-kind').selectOption('codex');
  const mine = page.getByTestId('codex-setup-mine');
  await expect(mine).not.toBeChecked();
  await mine.check();
  await expect(page.getByTestId('codex-status')).toHaveText(/^codex \d+\.\d+\.\d+ · your Codex setup$/);
  const before = new Set(codexHomes());
  await runTask(page, 'Use my own login', 1);
  // The thread's CODEX_HOME is made when its worker starts, which takes a while on a loaded machine.
  const linked = () => codexHomes().filter((id) => !before.has(id) && hasLink(join(home, 'codex', id, 'auth.json')));
  await expect.poll(() => linked().length, { timeout: 60_000 }).toBe(1);
  const id = linked()[0]!;
  expect(readlinkSync(join(home, 'codex', id, 'auth.json'))).toBe(join(userCodex, 'auth.json'));
});

function codexHomes(): string[] {
  try {
    return readdirSync(join(home, 'codex'));
  } catch {
    return [];
  }
}

function hasLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
