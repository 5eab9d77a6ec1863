import { rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startRemoteHost, remoteHostMissing, type RemoteHostFixture } from './support/remote-host';
import { makeSampleRepo } from './support/sample-repo';
import { serveFlotilla, type ServedFlotilla } from './support/serve';

// Settings › Hosts: a host added from the dashboard of `serve --with-hosts` (none recorded at
// start), its unknown key shown and trusted by a click, connected live; then removed.
test.skip(remoteHostMissing !== null && process.env.CI !== 'true', remoteHostMissing ?? '');

let remote: RemoteHostFixture;
let server: ServedFlotilla;
let localRepo: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  remote = await startRemoteHost('box', { added: false });
  localRepo = makeSampleRepo();
  server = await serveFlotilla(['--demo', '--port', '0', '--with-hosts', '--repo', localRepo], remote.env);
});

test.afterAll(async () => {
  await server?.stop();
  await remote?.stop();
  if (localRepo) rmSync(localRepo, { recursive: true, force: true });
});

test('a host added in Settings › Hosts is refused until its key is trusted, then connects live; removing it drops its chip', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(server.url);
  await expect(page.getByTestId('host-chip')).toHaveCount(0);
  await page.getByTestId('settings-button').click();
  const hosts = page.getByTestId('settings-view').getByTestId('hosts-settings');
  await expect(hosts.getByTestId('host-row')).toHaveCount(0);

  await hosts.getByTestId('host-name-input').fill('box');
  await hosts.getByTestId('host-destination-input').fill(`${remote.sshd.user}@127.0.0.1:${remote.sshd.port}`);
  await hosts.getByTestId('host-identity-input').fill(remote.sshd.clientKey);
  await hosts.getByTestId('host-demo-input').check();
  await hosts.getByTestId('host-add-button').click();
  // The key is not in known_hosts: shown with its fingerprint, nothing added yet.
  await expect(hosts.getByTestId('host-key-offer')).toContainText('cannot be established');
  await expect(hosts.getByTestId('host-key-fingerprint')).toHaveText(remote.sshd.hostFingerprint);
  await expect(hosts.getByTestId('host-row')).toHaveCount(0);

  await hosts.getByTestId('host-key-accept').click();
  const row = hosts.locator('[data-testid=host-row][data-host=box]');
  await expect(row).toHaveAttribute('data-state', 'connected', { timeout: 120_000 });
  await expect(hosts.getByTestId('host-key-offer')).toHaveCount(0);
  await expect(hosts.getByTestId('error-message')).toHaveCount(0);
  await expect(page.locator('[data-testid=host-chip][data-host=box]')).toHaveAttribute('data-state', 'connected');

  await row.getByTestId('host-remove-button').click();
  await expect(hosts.getByTestId('host-row')).toHaveCount(0);
  await expect(page.getByTestId('host-chip')).toHaveCount(0);
});
