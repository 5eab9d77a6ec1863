/**
 * `--host NAME` for the CLI's commands: the named host's server, reached over SSH (see
 * src-main/remote), as the same typed client a command gets for the local server. Connecting
 * may install Flotilla's server on the host and start it; what it does is said on stderr.
 */
import { homedir } from 'node:os';
import type { ClientEvent } from '../../src-shared/protocol/api';
import { EventFollower } from '../remote/event-follower';
import { connectHost, type HostConnection } from '../remote/host-connection';
import { findHost } from '../remote/host-record';
import { knownHostsFiles } from '../remote/known-hosts';
import { serverBundle } from '../remote/server-bundle';
import type { CliContext } from './context';
import { dataDirFrom } from './paths';
import type { TaskFleet } from './run-task';

export type HostSession = { ok: true; connection: HostConnection } | { ok: false; message: string; exitCode: number };

/** The CLI's own home: `$HOME` as this process sees it (tests give their own). */
export function homeFrom(env: NodeJS.ProcessEnv): string {
  return env.HOME?.trim() || homedir();
}

export async function openHostSession(ctx: CliContext, name: string): Promise<HostSession> {
  const dataDir = dataDirFrom(ctx.env);
  let record;
  try {
    record = findHost(dataDir, name);
  } catch (error) {
    return { ok: false, message: (error as Error).message, exitCode: 1 };
  }
  if (!record) return { ok: false, message: `No host named "${name}". Add it with \`flotilla hosts add ${name} USER@HOST\`; \`flotilla hosts list\` shows the hosts.`, exitCode: 2 };
  let bundle;
  try {
    bundle = serverBundle(ctx.bundleDir);
  } catch (error) {
    return { ok: false, message: (error as Error).message, exitCode: 1 };
  }
  const connected = await connectHost({
    record,
    bundle,
    knownHosts: knownHostsFiles(dataDir, homeFrom(ctx.env)),
    env: ctx.env,
    progress: (line) => ctx.stderr.write(`${line}\n`),
  });
  if (!connected.ok) return { ok: false, message: connected.message, exitCode: 1 };
  return { ok: true, connection: connected.connection };
}

/**
 * A host's fleet as `flotilla run` drives one: its events come through an EventFollower, so a
 * dropped and re-made SSH link hands on every event once, in order, and `run` never waits for a
 * status it missed. Disposing closes the connection and leaves the remote fleet running.
 */
export function hostTaskFleet(connection: HostConnection): TaskFleet {
  const listeners = new Set<(event: ClientEvent) => void>();
  const tell = (event: ClientEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  const follower = new EventFollower(connection.client, {
    onEvents: (_threadId, events) => tell({ type: 'batch', events, threads: [] }),
    onThreads: (threads) => tell({ type: 'batch', events: [], threads }),
  });
  return {
    call: (command, params) => connection.client.call(command, params),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: async () => {
      follower.dispose();
      connection.close();
    },
  };
}
