/**
 * Adding and removing hosts from the dashboard (hosts-manager.ts) against a real sshd: an unknown
 * host key is shown and nothing is recorded until it is accepted; accepted, the host is checked,
 * its server started, recorded and connected live (its state pushed); removed, its connection
 * and chip go and hosts.json forgets it. Errors are data with what to do.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostAdded, HostStatus } from '../../src-shared/protocol/api-hosts';
import { createFleetFixture } from '../fleet/test-support/fleet-fixture';
import { loadHosts } from './host-record';
import { hostsManager } from './hosts-manager';
import { serverBundle } from './server-bundle';
import { hostOptionsOf, stopRemoteServerOf, until } from './test-support/remote-host-options';
import { skipRemoteTests, useRemoteSide } from './test-support/remote-side';

const root = join(__dirname, '..', '..');

describe.skipIf(skipRemoteTests)('hosts added and removed from the dashboard, over a real sshd', { timeout: 300_000 }, () => {
  const side = useRemoteSide(() => stopRemoteServerOf(hostOptionsOf(side), side.remoteHome));

  async function dashboard() {
    const fixture = await createFleetFixture();
    const dataDir = join(side.local, 'data');
    const manager = hostsManager(await fixture.openFleet(), {
      dataDir,
      home: join(side.local, 'home'),
      cwd: side.local,
      env: {},
      bundle: () => serverBundle(join(root, 'dist', 'main')),
      say: () => undefined,
    });
    const hostBatches: HostStatus[][] = [];
    manager.fleet.onEvent((batch) => {
      if (batch.hosts) hostBatches.push(batch.hosts);
    });
    return {
      manager,
      dataDir,
      hostBatches,
      async close() {
        manager.close();
        await manager.fleet.dispose();
        await fixture.cleanup();
      },
    };
  }

  it('refuses an unknown host key until it is accepted, then connects the host live; remove drops it', async () => {
    const { manager, dataDir, hostBatches, close } = await dashboard();
    try {
      const add = { name: 'box', destination: `${side.sshd.user}@127.0.0.1:${side.sshd.port}`, identity: side.sshd.clientKey, demo: true };
      const refused = await manager.fleet.handle('hosts.add', add);
      expect(refused).toEqual({ ok: true, value: expect.objectContaining({ kind: 'unknown_key', fingerprint: side.sshd.hostFingerprint }) });
      expect((refused as { value: HostAdded & { message: string } }).value.message).toContain('cannot be established');
      expect(loadHosts(dataDir)).toEqual([]);
      expect(await manager.fleet.handle('hosts.status', {})).toEqual({ ok: true, value: [] });

      // A fingerprint that is not the host's is refused, never recorded.
      const wrong = await manager.fleet.handle('hosts.add', { ...add, acceptFingerprint: 'SHA256:not-this-one' });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'host_key_refused' } });

      const added = await manager.fleet.handle('hosts.add', { ...add, acceptFingerprint: side.sshd.hostFingerprint });
      expect(added).toEqual({ ok: true, value: { kind: 'added', host: { name: 'box', state: 'connected' } } });
      expect(hostBatches.map((hosts) => hosts[0]?.state)).toContain('connecting');
      expect(hostBatches.at(-1)).toEqual([{ name: 'box', state: 'connected' }]);
      expect(await manager.fleet.handle('hosts.status', {})).toEqual({ ok: true, value: [{ name: 'box', state: 'connected' }] });
      expect(loadHosts(dataDir)).toMatchObject([{ name: 'box', host: '127.0.0.1', port: side.sshd.port, auth: { kind: 'key', path: side.sshd.clientKey }, demo: true }]);
      // Its threads join the dashboard: a task runs there through the proxy.
      const started = await manager.fleet.handle('task.run', { host: 'box', repoPath: side.repo, agents: 1, prompt: 'Add a note' });
      expect(started).toMatchObject({ ok: true, value: { threads: [expect.objectContaining({ host: 'box' })] } });
      const listed = await manager.fleet.handle('threads.list', {});
      expect((listed as { value: Array<{ id: string }> }).value.some((t) => t.id.endsWith('@box'))).toBe(true);

      expect(await manager.fleet.handle('hosts.remove', { name: 'box' })).toEqual({ ok: true, value: { name: 'box' } });
      await until(() => hostBatches.at(-1)?.length === 0, 'the chip to go');
      expect(await manager.fleet.handle('hosts.status', {})).toEqual({ ok: true, value: [] });
      expect(loadHosts(dataDir)).toEqual([]);
      expect(await manager.fleet.handle('hosts.remove', { name: 'box' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    } finally {
      await close();
    }
  });

  it('says what to do when a host cannot be reached or the destination is not one', async () => {
    const { manager, dataDir, close } = await dashboard();
    try {
      // The sshd's port with nothing listening on it after the test's own sshd: port 1 refuses.
      const unreachable = await manager.fleet.handle('hosts.add', { name: 'far', destination: `${side.sshd.user}@127.0.0.1:1`, identity: side.sshd.clientKey });
      expect(unreachable).toMatchObject({ ok: false, error: { code: 'host_unreachable', message: expect.stringContaining('Could not reach') } });
      const badKey = await manager.fleet.handle('hosts.add', { name: 'far', destination: 'user@127.0.0.1', identity: join(side.local, 'no-such-key') });
      expect(badKey).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('no such file') } });
      const badName = await manager.fleet.handle('hosts.add', { name: 'not a name', destination: 'user@127.0.0.1' });
      expect(badName).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(loadHosts(dataDir)).toEqual([]);
      expect(await manager.fleet.handle('hosts.status', {})).toEqual({ ok: true, value: [] });
    } finally {
      await close();
    }
  });
});
