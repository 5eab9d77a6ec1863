/**
 * The hosts of a dashboard of many hosts, kept live: every recorded host connected at start, and
 * `hosts.add`/`hosts.remove` from the dashboard adding one (checked as `flotilla hosts add` and
 * `hosts check` do, then connected without a restart) or forgetting one (its connection closed;
 * its server and agents keep running there). The proxy itself is hosts-fleet.ts.
 */
import { z } from 'zod';
import { fail, ok, type ErrorCode, type Result } from '../../src-shared/protocol/api';
import { HostAddParamsSchema, type HostAdded, type HostAddParams } from '../../src-shared/protocol/api-hosts';
import { hostRecordFrom } from '../cli/host-destination';
import type { FleetService } from '../fleet/fleet-service';
import { connectHost, type HostConnection } from './host-connection';
import { loadHosts, putHost, removeHost, type HostRecord } from './host-record';
import { hostsFleet, type HostsFleet } from './hosts-fleet';
import { knownHostsFiles } from './known-hosts';
import type { ServerBundle } from './server-bundle';
import { connectSsh, type SshFailure } from './ssh-connect';

export interface HostsManagerOptions {
  dataDir: string;
  home: string;
  /** Where a relative key path given to hosts.add is resolved. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Read when a host first connects, so a server without a built bundle still starts. */
  bundle: () => ServerBundle;
  say: (line: string) => void;
}

export interface HostsManager {
  fleet: HostsFleet;
  /** Connects every recorded host; resolves once each has connected or failed. */
  connectAll(): Promise<void>;
  close(): void;
}

const RemoveParamsSchema = z.object({ name: z.string().min(1) });

export function hostsManager(local: FleetService, options: HostsManagerOptions): HostsManager {
  const live = new Map<string, { connection: HostConnection; remove(): void }>();
  let closed = false;
  const knownHosts = knownHostsFiles(options.dataDir, options.home);
  const fleet = hostsFleet(local, {
    'hosts.add': (params) => add(params),
    'hosts.remove': async (params) => remove(params),
  });

  /** Connects a recorded host: `connecting` meanwhile, then added, or `failed` with the message. */
  async function connect(record: HostRecord): Promise<Result<void>> {
    fleet.reportHost({ name: record.name, state: 'connecting' });
    let bundle: ServerBundle;
    try {
      bundle = options.bundle();
    } catch (error) {
      fleet.reportHost({ name: record.name, state: 'failed', message: (error as Error).message });
      return fail('host_not_ready', (error as Error).message);
    }
    const connected = await connectHost({ record, bundle, knownHosts, env: options.env, progress: (line) => options.say(`Host ${record.name}: ${line}`) });
    if (!connected.ok) {
      fleet.reportHost({ name: record.name, state: 'failed', message: connected.message });
      return fail('host_not_ready', connected.message);
    }
    const { connection } = connected;
    if (closed) {
      connection.close();
      return fail('cancelled', 'Flotilla is shutting down.');
    }
    live.get(record.name)?.remove();
    live.set(record.name, { connection, remove: fleet.addHost(record.name, connection.client, connection.transport) });
    connection.transport.onStateChange((state) => options.say(`Host ${record.name}: ${state.kind}${state.kind === 'failed' ? ` (${state.message})` : ''}`));
    options.say(`Host ${record.name}: connected; its threads are on the dashboard.`);
    return ok(undefined);
  }

  async function add(raw: unknown): Promise<Result<HostAdded>> {
    const parsed = HostAddParamsSchema.safeParse(raw);
    if (!parsed.success) return fail('invalid_request', `Invalid parameters for hosts.add: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    const record = recordOf(parsed.data);
    if (!record.ok) return record;
    // The key and the login first, as `hosts add` does: nothing is recorded that cannot be reached.
    const opened = await connectSsh(record.value, { knownHosts, env: options.env, acceptFingerprint: parsed.data.acceptFingerprint });
    if (!opened.ok) return refusal(opened.failure, parsed.data.acceptFingerprint);
    opened.ssh.end();
    const connected = await connect(record.value);
    if (!connected.ok) {
      fleet.forgetReport(record.value.name);
      return connected;
    }
    putHost(options.dataDir, record.value);
    return ok({ kind: 'added', host: { name: record.value.name, state: 'connected' } });
  }

  function recordOf(params: HostAddParams): Result<HostRecord> {
    try {
      // A key path typed in the dashboard may start with ~, which no shell expands here.
      const identity = params.identity?.replace(/^~(?=$|\/)/, options.home);
      return ok(hostRecordFrom({ name: params.name, destination: params.destination, identity, demo: params.demo ?? false, home: options.home, cwd: options.cwd, env: options.env }));
    } catch (error) {
      return fail('invalid_request', (error as Error).message.replace('--identity', 'The key file'));
    }
  }

  function remove(raw: unknown): Result<{ name: string }> {
    const parsed = RemoveParamsSchema.safeParse(raw);
    if (!parsed.success) return fail('invalid_request', 'hosts.remove needs a host name.');
    const { name } = parsed.data;
    const connected = live.get(name);
    live.delete(name);
    connected?.remove();
    connected?.connection.close();
    fleet.forgetReport(name);
    const recorded = removeHost(options.dataDir, name);
    if (!recorded && !connected) return fail('not_found', `No host named "${name}".`);
    options.say(`Host ${name}: removed; its server, if one runs there, keeps running.`);
    return ok({ name });
  }

  return {
    fleet,
    async connectAll() {
      const hosts = loadHosts(options.dataDir);
      if (hosts.length === 0) options.say('No hosts yet: add one in Settings › Hosts or with `flotilla hosts add`.');
      await Promise.all(hosts.map(async (record) => {
        const connected = await connect(record);
        if (!connected.ok) options.say(`Host ${record.name} is left out: ${connected.error.message}`);
      }));
    },
    close() {
      closed = true;
      for (const { connection } of live.values()) connection.close();
      live.clear();
    },
  };
}

/** An unknown key is an answer to show and accept; every other refusal an error that says what to do. */
function refusal(failure: SshFailure, offered: string | undefined): Result<HostAdded> {
  if (failure.kind === 'host_key' && failure.verdict.kind === 'unknown' && offered === undefined) {
    return ok({ kind: 'unknown_key', keyType: failure.verdict.keyType, fingerprint: failure.verdict.fingerprint, message: failure.message.replace(/ accept it with --accept-host-key \S+$/, ' accept it.') });
  }
  const codes: Record<SshFailure['kind'], ErrorCode> = { host_key: 'host_key_refused', auth: 'host_auth_failed', network: 'host_unreachable' };
  return fail(codes[failure.kind], failure.message);
}
