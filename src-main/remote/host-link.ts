/**
 * One attempt at reaching a host's server: SSH in, check the remote, install the bundle when it
 * is missing, make sure the matching `flotilla serve` runs, and open the API socket through the
 * SSH connection. Failures are data: `permanent` ones (a refused host key, no node) need the
 * user; the others (the network) are worth retrying.
 */
import type { Client } from 'ssh2';
import type { WebSocket } from 'ws';
import type { HostRecord } from './host-record';
import { installBundle, remoteLayout } from './install-bundle';
import type { KnownHostsFiles } from './known-hosts';
import { checkRemote } from './remote-check';
import { ensureRemoteServer, type RemoteServer } from './remote-server';
import type { ServerBundle } from './server-bundle';
import { connectSsh } from './ssh-connect';
import { openForwardedSocket, type ForwardedSocket } from './forwarded-socket';

export interface HostLinkOptions {
  record: HostRecord;
  bundle: ServerBundle;
  knownHosts: KnownHostsFiles;
  env: NodeJS.ProcessEnv;
  acceptFingerprint?: string;
  progress?: (line: string) => void;
}

export interface HostLink {
  ssh: Client;
  socket: WebSocket;
  onMessage: ForwardedSocket['onMessage'];
  server: RemoteServer;
  close(): void;
}

export type LinkAttempt = { ok: true; link: HostLink } | { ok: false; permanent: boolean; message: string };

export async function openHostLink(options: HostLinkOptions): Promise<LinkAttempt> {
  const opened = await connectSsh(options.record, { knownHosts: options.knownHosts, env: options.env, acceptFingerprint: options.acceptFingerprint });
  if (!opened.ok) return { ok: false, permanent: opened.failure.kind !== 'network', message: opened.failure.message };
  const ssh = opened.ssh;
  try {
    const checked = await checkRemote(ssh, options.bundle);
    if (!checked.ok) {
      ssh.end();
      return { ok: false, permanent: true, message: `Host ${options.record.name} cannot run Flotilla's server:\n  ${checked.problems.join('\n  ')}` };
    }
    const layout = remoteLayout(checked.facts.home);
    const installed = await installBundle(ssh, layout, options.bundle, () => undefined);
    if (installed.fresh) options.progress?.(`Installed Flotilla ${options.bundle.installId} in ${installed.dir} (${Math.round(installed.bytes / 1024)} KiB over SFTP)`);
    const server = await ensureRemoteServer(ssh, layout, options.bundle, { node: checked.facts.node.path, demo: options.record.demo, progress: options.progress });
    const { socket, onMessage } = await openForwardedSocket(ssh, server);
    return { ok: true, link: { ssh, socket, onMessage, server, close: () => closeLink(ssh, socket) } };
  } catch (error) {
    ssh.end();
    return { ok: false, permanent: false, message: `Host ${options.record.name}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function closeLink(ssh: Client, socket: WebSocket): void {
  socket.terminate();
  ssh.end();
}
