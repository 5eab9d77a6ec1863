/**
 * `flotilla serve --with-hosts`: the dashboard shows the threads of every recorded host beside
 * the local fleet's (src-main/remote/hosts-fleet.ts). Hosts connect in the background, so the
 * server answers at once; a host that cannot be reached is said on stderr and left out.
 */
import type { FleetService } from '../fleet/fleet-service';
import { connectHost, type HostConnection } from '../remote/host-connection';
import { loadHosts } from '../remote/host-record';
import { hostsFleet } from '../remote/hosts-fleet';
import { knownHostsFiles } from '../remote/known-hosts';
import { serverBundle } from '../remote/server-bundle';
import type { CliContext } from './context';
import { homeFrom } from './host-session';
import { dataDirFrom } from './paths';

export interface ServedHosts {
  fleet: FleetService;
  /** Resolves once every host has connected or failed (for tests and logs). */
  settled: Promise<void>;
  close(): void;
}

export function serveWithHosts(ctx: CliContext, local: FleetService): ServedHosts {
  const fleet = hostsFleet(local);
  const connections: HostConnection[] = [];
  let closed = false;
  const dataDir = dataDirFrom(ctx.env);
  const say = (line: string) => ctx.stderr.write(`${line}\n`);
  const connectAll = async () => {
    const hosts = loadHosts(dataDir);
    if (hosts.length === 0) {
      say('No hosts to show: add one with `flotilla hosts add`.');
      return;
    }
    const bundle = serverBundle(ctx.bundleDir);
    await Promise.all(hosts.map(async (record) => {
      fleet.reportHost({ name: record.name, state: 'connecting' });
      const connected = await connectHost({ record, bundle, knownHosts: knownHostsFiles(dataDir, homeFrom(ctx.env)), env: ctx.env, progress: (line) => say(`Host ${record.name}: ${line}`) });
      if (!connected.ok) {
        say(`Host ${record.name} is left out: ${connected.message}`);
        fleet.reportHost({ name: record.name, state: 'failed', message: connected.message });
        return;
      }
      if (closed) return connected.connection.close();
      connections.push(connected.connection);
      fleet.addHost(record.name, connected.connection.client, connected.connection.transport);
      connected.connection.transport.onStateChange((state) => say(`Host ${record.name}: ${state.kind}${state.kind === 'failed' ? ` (${state.message})` : ''}`));
      say(`Host ${record.name}: connected; its threads are on the dashboard.`);
    }));
  };
  const settled = connectAll().then(
    () => undefined,
    (error: unknown) => void say(`Hosts: ${error instanceof Error ? error.message : String(error)}`),
  );
  return {
    fleet,
    settled,
    close() {
      closed = true;
      for (const connection of connections.splice(0)) connection.close();
    },
  };
}
