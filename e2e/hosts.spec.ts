import { rmSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startRemoteHost, remoteHostMissing, type RemoteHostFixture } from './support/remote-host';
import { makeSampleRepo } from './support/sample-repo';
import { serveFlotilla, type ServedFlotilla } from './support/serve';

// One dashboard, many hosts: `serve --with-hosts --demo` with a real sshd "remote" (this machine
// with a HOME of its own), the host's repository typed into the task form.
test.skip(remoteHostMissing !== null && process.env.CI !== 'true', remoteHostMissing ?? '');

let remote: RemoteHostFixture;
let server: ServedFlotilla;
let localRepo: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  remote = await startRemoteHost('box');
  localRepo = makeSampleRepo();
  server = await serveFlotilla(['--demo', '--port', '0', '--with-hosts', '--repo', localRepo], remote.env);
});

test.afterAll(async () => {
  await server?.stop();
  await remote?.stop();
  if (localRepo) rmSync(localRepo, { recursive: true, force: true });
});

async function find(page: Page, text: string): Promise<void> {
  await expect(async () => {
    const box = page.getByLabel('Find in terminal');
    await box.fill(text);
    await box.press('Enter');
    await expect(page.getByTestId('terminal-matches')).toHaveText(/^\d+ of \d+$/, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

test('the host chip shows connected; a task started on the host from the task form completes, labelled with the host, and its Terminal works, also after the SSH link drops', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(server.url);
  // The bundle is installed and the remote server started in the background: the chip says when it is up.
  const chip = page.locator('[data-testid=host-chip][data-host=box]');
  await expect(chip).toHaveAttribute('data-state', 'connected', { timeout: 120_000 });
  await expect(chip).toContainText('box · connected');

  // A task on this machine first (the Host choice starts there), then one on the host.
  await page.getByTestId('task-prompt').fill('Add a note here');
  await page.getByTestId('agent-count').fill('1');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('thread-card')).toHaveCount(1);

  await page.getByTestId('task-host-select').selectOption('box');
  // Browse… beside the host's path lists the host's folders: its user's HOME, not this side's.
  await page.getByTestId('task-host-browse').click();
  await expect(page.getByTestId('folder-crumbs')).toContainText('flotilla-e2e-remote-home-');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('folder-browser')).toBeHidden();
  await page.getByTestId('task-host-repo').fill(remote.repo);
  await page.getByTestId('task-prompt').fill('Add a note on the remote');
  await page.getByTestId('agent-count').fill('1');
  await page.getByTestId('run-button').click();

  await expect(page.getByTestId('thread-card')).toHaveCount(2);
  const card = page.locator('[data-testid=thread-card][data-thread-id$="@box"]');
  await expect(card).toHaveCount(1);
  await expect(card).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(card.getByTestId('thread-repo')).toHaveAttribute('data-host', 'box');
  await expect(card.getByTestId('thread-repo')).toContainText('box: flotilla-e2e-repo-');
  await expect(page.getByTestId('task-host')).toContainText('on box');
  // Grouped by place: this machine's repository first, then the host's.
  const headings = page.getByTestId('place-heading');
  await expect(headings).toHaveCount(2);
  await expect(headings.nth(0)).toContainText(/This machine · flotilla-e2e-repo-/);
  await expect(headings.nth(1)).toContainText(/box · flotilla-e2e-repo-/);

  // The Terminal tab of a remote thread goes through the proxy to the host's pty.
  await card.click();
  await page.getByTestId('tab-terminal').click();
  await expect(page.getByTestId('terminal-pane')).toBeVisible();
  await page.getByTestId('terminal-surface').click();
  await page.keyboard.type('echo remote-$((6*7))');
  await page.keyboard.press('Enter');
  await find(page, 'remote-42');

  // The SSH link drops and comes back: the open tab is attached again by itself and streams on.
  expect(remote.sshd.killConnections().length).toBeGreaterThan(0);
  await expect(chip).toHaveAttribute('data-state', 'connected', { timeout: 120_000 });
  await expect(async () => {
    await page.getByTestId('terminal-surface').click();
    await page.keyboard.type('echo again-$((6*7))');
    await page.keyboard.press('Enter');
    await find(page, 'again-42');
  }).toPass({ timeout: 120_000 });
});
