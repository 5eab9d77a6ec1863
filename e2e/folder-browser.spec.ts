/**
 * The new-task form's folder browser in a browser (no native picker): from the server user's
 * home, through a folder, to a git repository marked as one; Choose opens it and a demo task runs.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expectAllCardsDone, runTask } from './support/dashboard';
import { git, makeSampleRepo, makeTempDir } from './support/sample-repo';
import { serveFlotilla, type ServedFlotilla } from './support/serve';

let home: string;
let dataDir: string;
let repo: string;
let server: ServedFlotilla;

test.beforeAll(async () => {
  // The server's user has a home of its own, where the browser starts: projects/<repo>.
  home = makeTempDir('flotilla-e2e-userhome-');
  dataDir = makeTempDir('flotilla-e2e-home-');
  mkdirSync(join(home, 'projects', 'not-a-repo'), { recursive: true });
  mkdirSync(join(home, '.cache'));
  const made = makeSampleRepo();
  repo = join(home, 'projects', basename(made));
  renameSync(made, repo);
  server = await serveFlotilla(['--demo', '--port', '0'], { FLOTILLA_HOME: dataDir, HOME: home });
});

test.afterAll(async () => {
  await server?.stop();
  for (const dir of [home, dataDir]) rmSync(dir, { recursive: true, force: true });
});

test('browsing the server folders to a repository opens it, and a task runs there', async ({ page }) => {
  await page.goto(server.url);
  await page.getByTestId('folder-browse-button').click();
  const dialog = page.getByTestId('folder-browser');
  const entries = dialog.getByTestId('folder-entry');
  // The home folder, its dot-directories hidden.
  await expect(entries).toHaveText(['.. (up)', 'projects']);

  // Keyboard: down past "up" to projects, Enter opens it.
  await dialog.getByRole('listbox').press('ArrowDown');
  await dialog.getByRole('listbox').press('ArrowDown');
  await dialog.getByRole('listbox').press('Enter');
  await expect(dialog.getByTestId('folder-crumbs')).toContainText('projects');
  const repoEntry = entries.filter({ hasText: basename(repo) });
  await expect(repoEntry).toHaveAttribute('data-git', 'true');
  await expect(entries.filter({ hasText: 'not-a-repo' })).not.toHaveAttribute('data-git', 'true');

  await repoEntry.click();
  await dialog.getByTestId('folder-choose').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('repo-path-input')).toHaveValue(repo);
  await expect(page.getByTestId('repo-name')).toContainText('flotilla-e2e-repo-');

  await runTask(page, 'Add a short note about the project', 1);
  await expectAllCardsDone(page, 1);
  expect(git(repo, 'branch', '--list', 'flotilla/*', '--format=%(refname:short)').trim()).not.toBe('');
});

test('Escape closes the browser without changing the field', async ({ page }) => {
  await page.goto(server.url);
  await page.getByTestId('folder-browse-button').click();
  await expect(page.getByTestId('folder-entry').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('folder-browser')).toBeHidden();
  await expect(page.getByTestId('repo-path-input')).toHaveValue('');
});
