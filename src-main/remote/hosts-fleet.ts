/**
 * One dashboard, many hosts: the local fleet as its transports see it, with every connected
 * host's threads beside its own. `threads.list` is the local list and each host's; a command
 * whose thread, task or terminal ids name a host (`<id>@<host>`, host-ids.ts) goes to that host's
 * client and its answer comes back renamed; `task.run` with a `host` starts the task there; every
 * host's event batches join the local stream, renamed, and its connection state goes out in a
 * batch's `hosts` (and answers `hosts.status`). Terminal views are proxied per connection
 * (host-terminals.ts) and attached again when a host's link comes back. The renderer needs no
 * new transport: a summary carries `host`.
 */
import { fail, ok, type ClientEvent, type Result } from '../../src-shared/protocol/api';
import type { HostStatus } from '../../src-shared/protocol/api-hosts';
import type { TerminalInfo, TerminalPush } from '../../src-shared/protocol/api-terminal';
import type { FlotillaClient } from '../../src-shared/protocol/wire';
import type { ThreadSummary } from '../../src-shared/protocol/thread-events';
import type { FleetConnection, FleetService } from '../fleet/fleet-service';
import type { HostState } from './host-connection';
import { labelFromHost, routeParams } from './host-ids';
import { HostTerminalViews } from './host-terminals';

/** What the proxy needs of a host: its client (a reconnecting one, host-connection.ts). */
export type HostClient = Pick<FlotillaClient, 'call' | 'onEvent'> & Partial<Pick<FlotillaClient, 'onConnectionChange' | 'onTerminal'>>;

/** Where a host's connection state comes from (the transport of host-connection.ts). */
export interface HostStates {
  readonly hostState: HostState;
  onStateChange(listener: (state: HostState) => void): () => void;
}

export interface HostsFleet extends FleetService {
  /** Adds a host's client; returns its removal. */
  addHost(name: string, client: HostClient, states?: HostStates): () => void;
  /** A host not added (yet): its first connection is under way, or failed with `message`. Shown until added. */
  reportHost(status: HostStatus): void;
  /** No longer shows a reported host (one removed before or instead of being added). */
  forgetReport(name: string): void;
}

type Handle = (command: string, params: unknown) => Promise<Result<unknown>>;

/** Who adds and removes hosts (hosts-manager.ts); without one, the local fleet's answer stands. */
export type HostsControl = Partial<Record<'hosts.add' | 'hosts.remove', (params: unknown) => Promise<Result<unknown>>>>;

export function hostsFleet(local: FleetService, control: HostsControl = {}): HostsFleet {
  const hosts = new Map<string, { client: HostClient; states?: HostStates }>();
  const listeners = new Set<(event: ClientEvent) => void>();
  const terminalListeners = new Set<(push: TerminalPush) => void>();
  const allViews = new Set<HostTerminalViews>();
  const tell = (event: ClientEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  const stopLocal = local.onEvent(tell);

  const reported = new Map<string, HostStatus>();
  const statusList = (): HostStatus[] => [
    ...[...hosts].flatMap(([name, host]) => {
      const status = statusOf(name, host.states?.hostState ?? { kind: 'connected' });
      return status ? [status] : [];
    }),
    ...[...reported.values()].filter((status) => !hosts.has(status.name)),
  ];

  async function callHost(name: string, command: string, params: unknown): Promise<Result<unknown>> {
    const host = hosts.get(name);
    if (!host) return fail('not_found', `Host ${name} is not connected to this Flotilla.`);
    try {
      const answer = (await host.client.call(command as never, params as never)) as Result<unknown>;
      return answer.ok ? ok(labelFromHost(answer.value, name)) : answer;
    } catch (error) {
      return fail('internal', `Host ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async function route(command: string, params: unknown, here: Handle, views: HostTerminalViews, deliver: (push: TerminalPush) => void): Promise<Result<unknown>> {
    if (command === 'threads.list') return listAll(await here(command, params));
    if (command === 'hosts.status') return ok(statusList());
    if (command === 'hosts.add' || command === 'hosts.remove') {
      const manage = control[command];
      return manage ? manage(params) : here(command, params);
    }
    const record = typeof params === 'object' && params !== null ? (params as Record<string, unknown>) : {};
    if ((command === 'task.run' || command === 'folders.list') && typeof record.host === 'string') {
      const { host, ...rest } = record;
      return callHost(host as string, command, rest);
    }
    if ((command === 'terminal.detach' || command === 'terminal.ack') && typeof record.attachId === 'string') {
      const view = views.find(record.attachId);
      if (!view) return here(command, params);
      if (command === 'terminal.detach') views.forget(record.attachId);
      return callHost(view.host, command, { ...record, attachId: view.hostAttachId });
    }
    const routed = routeParams(params);
    if (routed.kind === 'local') return here(command, params);
    if (routed.kind === 'mixed') return fail('invalid_request', 'Those threads are on different hosts; merge and compare work within one host.');
    if (command === 'terminal.attach' && typeof record.attachId === 'string') {
      const hostParams = routed.params as { terminalId: string };
      const hostAttachId = views.attach(routed.host, record.attachId, hostParams.terminalId, deliver);
      const attached = await callHost(routed.host, command, { ...hostParams, attachId: hostAttachId });
      if (attached.ok) views.attached(record.attachId, (attached.value as { info: TerminalInfo }).info);
      else views.forget(record.attachId);
      return attached;
    }
    return callHost(routed.host, command, routed.params);
  }

  /**
   * The host's server dropped its views with the old link: every connection's views there attach
   * again. A refusal (the terminal is gone) ends the view; a link that drops again before the
   * answer leaves it to the next reconnect.
   */
  function reattachViews(name: string, client: HostClient): void {
    for (const views of [...allViews]) {
      for (const view of views.reattachAll(name)) {
        client.call('terminal.attach', { terminalId: view.hostTerminalId, attachId: view.hostAttachId }).then((answer) => {
          views.reattached(view.hostAttachId, answer.ok ? (labelFromHost(answer.value, name) as { screen: string; info: TerminalInfo }) : { message: answer.error.message });
        }, () => undefined);
      }
    }
  }

  async function listAll(localList: Result<unknown>): Promise<Result<unknown>> {
    if (!localList.ok) return localList;
    const remote = await Promise.all([...hosts].map(async ([name, { client }]) => {
      const listed = await client.call('threads.list', {}).catch(() => null);
      return listed?.ok ? (labelFromHost(listed.value, name) as ThreadSummary[]) : [];
    }));
    return ok([...(localList.value as ThreadSummary[]), ...remote.flat()]);
  }

  /** A connection's views on hosts; closing detaches them there. */
  function openViews(): { views: HostTerminalViews; close(): void } {
    const views = new HostTerminalViews();
    allViews.add(views);
    return {
      views,
      close() {
        allViews.delete(views);
        for (const view of views.drain()) void callHost(view.host, 'terminal.detach', { attachId: view.hostAttachId });
      },
    };
  }

  // The in-process connection (`call`/`handle`): its host views push to onTerminal's listeners.
  const ownViews = openViews().views;
  const toOwnListeners = (push: TerminalPush) => {
    for (const listener of [...terminalListeners]) listener(push);
  };
  const handle: Handle = (command, params) => route(command, params, (c, p) => local.handle(c, p), ownViews, toOwnListeners);
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
    onTerminal(listener) {
      terminalListeners.add(listener);
      const stopLocalTerminal = local.onTerminal?.(listener);
      return () => {
        terminalListeners.delete(listener);
        stopLocalTerminal?.();
      };
    },
    connect: local.connect ? (onTerminal): FleetConnection => {
      const connection = local.connect!(onTerminal);
      const opened = openViews();
      const routedHandle: Handle = (command, params) => route(command, params, (c, p) => connection.handle(c, p), opened.views, onTerminal);
      return {
        handle: routedHandle,
        call: routedHandle as FleetConnection['call'],
        close: () => {
          opened.close();
          connection.close();
        },
      };
    } : undefined,
    reportHost(status) {
      reported.set(status.name, status);
      tell({ type: 'batch', events: [], threads: [], hosts: statusList() });
    },
    forgetReport(name) {
      if (reported.delete(name)) tell({ type: 'batch', events: [], threads: [], hosts: statusList() });
    },
    addHost(name, client, states) {
      reported.delete(name);
      hosts.set(name, { client, ...(states ? { states } : {}) });
      const renamed = (event: ClientEvent) => tell(labelFromHost(event, name) as ClientEvent);
      const stopEvents = client.onEvent(renamed);
      const stopTerminals = client.onTerminal?.((push) => {
        for (const views of [...allViews]) views.receive(name, push);
      });
      // After a reconnect every summary goes out again, so clients catch up on what they missed.
      const stopConnection = client.onConnectionChange?.((connected) => {
        if (!connected) return;
        reattachViews(name, client);
        void client.call('threads.list', {}).then((listed) => {
          if (listed.ok) renamed({ type: 'batch', events: [], threads: listed.value });
        }, () => undefined);
      });
      const tellStates = () => tell({ type: 'batch', events: [], threads: [], hosts: statusList() });
      const stopStates = states?.onStateChange(tellStates);
      tellStates();
      return () => {
        stopEvents();
        stopTerminals?.();
        stopConnection?.();
        stopStates?.();
        hosts.delete(name);
        tellStates();
      };
    },
    // The local fleet's last events (threads interrupted on the way out) go out before it stops.
    dispose: async () => {
      await local.dispose();
      stopLocal();
    },
  };
}

/** A host's state as the dashboard shows it; a host this side closed is no longer shown. */
function statusOf(name: string, state: HostState): HostStatus | null {
  if (state.kind === 'connected') return { name, state: 'connected' };
  if (state.kind === 'reconnecting') return { name, state: 'reconnecting', message: state.lastError };
  if (state.kind === 'failed') return { name, state: 'failed', message: state.message };
  return null;
}
