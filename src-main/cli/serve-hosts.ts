/**
 * `flotilla serve --with-hosts`: the dashboard shows the threads of every recorded host beside
 * the local fleet's, and adds or removes hosts live (src-main/remote/hosts-manager.ts). Hosts
 * connect in the background, so the server answers at once; a host that cannot be reached is
 * said on stderr and shown as failed.
 */
import type { FleetService } from '../fleet/fleet-service';
import { hostsManager } from '../remote/hosts-manager';
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
  const say = (line: string) => ctx.stderr.write(`${line}\n`);
  const manager = hostsManager(local, {
    dataDir: dataDirFrom(ctx.env),
    home: homeFrom(ctx.env),
    cwd: ctx.cwd,
    env: ctx.env,
    bundle: () => serverBundle(ctx.bundleDir),
    say,
  });
  const settled = manager.connectAll().then(
    () => undefined,
    (error: unknown) => void say(`Hosts: ${error instanceof Error ? error.message : String(error)}`),
  );
  return { fleet: manager.fleet, settled, close: () => manager.close() };
}
