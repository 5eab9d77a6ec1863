/**
 * One dashboard, many hosts: the local fleet as its transports see it, with every connected
 * host's threads beside its own. `threads.list` is the local list and each host's; a command
 * whose thread or task ids name a host (`<id>@<host>`, host-ids.ts) goes to that host's client
 * and its answer comes back renamed; every host's event batches join the local stream, renamed.
 * The renderer needs no new transport: a summary carries `host`, and the ids route themselves.
 * Not proxied: terminal streams of a host's threads (their Terminal tab stays empty) and new
 * tasks on a host from the dashboard (`flotilla new --host` makes them; they appear here).
 */
import { fail, ok, type ClientEvent, type Result } from '../../src-shared/protocol/api';
import type { FlotillaClient } from '../../src-shared/protocol/wire';
import type { ThreadSummary } from '../../src-shared/protocol/thread-events';
import type { FleetConnection, FleetService } from '../fleet/fleet-service';
import { labelFromHost, routeParams } from './host-ids';

/** What the proxy needs of a host: its client (a reconnecting one, host-connection.ts). */
export type HostClient = Pick<FlotillaClient, 'call' | 'onEvent'> & Partial<Pick<FlotillaClient, 'onConnectionChange'>>;

export interface HostsFleet extends FleetService {
  /** Adds a host's client; returns its removal. */
  addHost(name: string, client: HostClient): () => void;
}

export function hostsFleet(local: FleetService): HostsFleet {
  const hosts = new Map<string, HostClient>();
  const listeners = new Set<(event: ClientEvent) => void>();
  const tell = (event: ClientEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  const stopLocal = local.onEvent(tell);

  async function route(command: string, params: unknown, here: (command: string, params: unknown) => Promise<Result<unknown>>): Promise<Result<unknown>> {
    if (command === 'threads.list') return listAll(await here(command, params));
    const routed = routeParams(params);
    if (routed.kind === 'local') return here(command, params);
    if (routed.kind === 'mixed') return fail('invalid_request', 'Those threads are on different hosts; merge and compare work within one host.');
    const client = hosts.get(routed.host);
    if (!client) return fail('not_found', `Host ${routed.host} is not connected to this Flotilla.`);
    try {
      const answer = (await client.call(command as never, routed.params as never)) as Result<unknown>;
      return answer.ok ? ok(labelFromHost(answer.value, routed.host)) : answer;
    } catch (error) {
      return fail('internal', `Host ${routed.host}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async function listAll(localList: Result<unknown>): Promise<Result<unknown>> {
    if (!localList.ok) return localList;
    const remote = await Promise.all([...hosts].map(async ([name, client]) => {
      const listed = await client.call('threads.list', {}).catch(() => null);
      return listed?.ok ? (labelFromHost(listed.value, name) as ThreadSummary[]) : [];
    }));
    return ok([...(localList.value as ThreadSummary[]), ...remote.flat()]);
  }

  const handle = (command: string, params: unknown) => route(command, params, (c, p) => local.handle(c, p));
  return {
    get appVersion() {
      return local.appVersion;
    },
    handle,
    call: ((command: string, params: unknown) => handle(command, params)) as FleetService['call'],
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onTerminal: local.onTerminal?.bind(local),
    connect: local.connect ? (onTerminal): FleetConnection => {
      const connection = local.connect!(onTerminal);
      const routedHandle = (command: string, params: unknown) => route(command, params, (c, p) => connection.handle(c, p));
      return { handle: routedHandle, call: routedHandle as FleetConnection['call'], close: () => connection.close() };
    } : undefined,
    addHost(name, client) {
      hosts.set(name, client);
      const renamed = (event: ClientEvent) => tell(labelFromHost(event, name) as ClientEvent);
      const stopEvents = client.onEvent(renamed);
      // After a reconnect every summary goes out again, so clients catch up on what they missed.
      const stopConnection = client.onConnectionChange?.((connected) => {
        if (!connected) return;
        void client.call('threads.list', {}).then((listed) => {
          if (listed.ok) renamed({ type: 'batch', events: [], threads: listed.value });
        }, () => undefined);
      });
      return () => {
        stopEvents();
        stopConnection?.();
        hosts.delete(name);
      };
    },
    dispose: async () => {
      stopLocal();
      await local.dispose();
    },
  };
}
