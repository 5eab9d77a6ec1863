/**
 * What the real-sshd tests pass to connect to the "remote" of useRemoteSide(): the host record,
 * the link options, stopping the remote server at the end, and waiting on a condition.
 */
import { join } from 'node:path';
import type { HostLinkOptions } from '../host-link';
import { openHostLink } from '../host-link';
import type { HostRecord } from '../host-record';
import { remoteLayout } from '../install-bundle';
import { knownHostsFiles } from '../known-hosts';
import { readRemoteServer, stopRemoteServer } from '../remote-server';
import { serverBundle } from '../server-bundle';
import type { RemoteSide } from './remote-side';

const root = join(__dirname, '..', '..', '..');

export function hostRecordOf(side: RemoteSide, name = 'box'): HostRecord {
  return { name, host: '127.0.0.1', port: side.sshd.port, user: side.sshd.user, auth: { kind: 'key', path: side.sshd.clientKey }, demo: true };
}

export function hostOptionsOf(side: RemoteSide, extra: Partial<HostLinkOptions> = {}): HostLinkOptions {
  return {
    record: hostRecordOf(side),
    bundle: serverBundle(join(root, 'dist', 'main')),
    knownHosts: knownHostsFiles(join(side.local, 'data'), join(side.local, 'home')),
    env: {},
    ...extra,
  };
}

/** The remote server outlives every connection by design; the test ends it. */
export async function stopRemoteServerOf(options: HostLinkOptions, remoteHome: string): Promise<void> {
  const link = await openHostLink(options);
  if (!link.ok) return;
  const server = await readRemoteServer(link.link.ssh, process.execPath, remoteLayout(remoteHome));
  if (server) await stopRemoteServer(link.link.ssh, server.pid);
  link.link.close();
}

export async function until(test: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
