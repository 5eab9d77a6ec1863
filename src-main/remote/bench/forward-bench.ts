/**
 * `npm run bench` part (scripts/bench-ssh.mjs): the same remote `flotilla serve` reached two ways
 * in one run, rounds interleaved: through the SSH forward (ssh2 channel to a real sshd on
 * 127.0.0.1) and directly over its loopback WebSocket (the baseline). Figures: the round trip of
 * a small call (app.info), and event throughput (a finished thread's whole log read with
 * thread.events, events per second).
 */
import { join } from 'node:path';
import { fetchEventsAfter } from '../../../src-shared/thread-event-pages';
import type { MessageClient } from '../../../src-shared/client/message-client';
import { apiSocketUrl } from '../../cli/remote-connect';
import { RemoteClient } from '../../cli/remote-client';
import { makeRepo, makeTempDir, removeTempDir } from '../../git/test-support/temp-repo';
import { connectHost } from '../host-connection';
import { knownHostsFiles, type KnownHostsFiles } from '../known-hosts';
import type { HostRecord } from '../host-record';
import { remoteLayout } from '../install-bundle';
import { readRemoteServer, stopRemoteServer } from '../remote-server';
import { serverBundle } from '../server-bundle';
import { connectSsh } from '../ssh-connect';
import { remoteNodeDir, startSshd } from '../test-support/sshd';

export interface ForwardFigures {
  rttMs: { ssh: number; local: number };
  eventsPerSec: { ssh: number; local: number };
  events: number;
  rounds: number;
}

export async function runForwardBench(options: { root: string; rounds: number; calls: number; agents: number }): Promise<ForwardFigures> {
  const remoteHome = makeTempDir('flotilla-bench-remote-');
  const local = makeTempDir('flotilla-bench-local-');
  const bundle = serverBundle(join(options.root, 'dist', 'main'));
  const nodeDir = remoteNodeDir(bundle.nodeRange);
  if (nodeDir === null) throw new Error(`The bench's "remote" needs a Node ${bundle.nodeRange} (this one is ${process.version}); run .ci/run once, or use such a Node.`);
  const sshd = await startSshd({ HOME: remoteHome, PATH: `${nodeDir}:/usr/bin:/bin` });
  const linkOptions = {
    record: { name: 'bench', host: '127.0.0.1', port: sshd.port, user: sshd.user, auth: { kind: 'key' as const, path: sshd.clientKey }, demo: true },
    bundle,
    knownHosts: knownHostsFiles(join(local, 'data'), join(local, 'home')),
    env: {},
    acceptFingerprint: sshd.hostFingerprint,
  };
  const connected = await connectHost(linkOptions);
  if (!connected.ok) throw new Error(connected.message);
  const viaSsh = connected.connection.client;
  const server = connected.connection.transport.server!;
  const direct = await RemoteClient.open(apiSocketUrl(server.url, server.token));
  try {
    const threadIds = await runTask(direct, makeRepo(join(remoteHome, 'repo')), options.agents);
    const rtt = { ssh: [] as number[], local: [] as number[] };
    const rate = { ssh: [] as number[], local: [] as number[] };
    let events = 0;
    for (let round = 0; round < options.rounds; round++) {
      const order: Array<['ssh' | 'local', MessageClient]> = round % 2 === 0 ? [['ssh', viaSsh], ['local', direct]] : [['local', direct], ['ssh', viaSsh]];
      for (const [name, client] of order) {
        rtt[name].push(await roundTrip(client, options.calls));
        const read = await readLogs(client, threadIds);
        events = read.events;
        rate[name].push(read.events / (read.ms / 1000));
      }
    }
    return {
      rttMs: { ssh: median(rtt.ssh), local: median(rtt.local) },
      eventsPerSec: { ssh: median(rate.ssh), local: median(rate.local) },
      events,
      rounds: options.rounds,
    };
  } finally {
    await direct.close();
    // Closed first: the server's exit would otherwise look like a dropped link and be retried.
    connected.connection.close();
    try {
      await stopServer(linkOptions, remoteHome);
    } finally {
      await sshd.stop();
      removeTempDir(remoteHome);
      removeTempDir(local);
    }
  }
}

async function stopServer(linkOptions: { record: HostRecord; knownHosts: KnownHostsFiles }, remoteHome: string): Promise<void> {
  const opened = await connectSsh(linkOptions.record, { knownHosts: linkOptions.knownHosts, env: {} });
  if (!opened.ok) return;
  const running = await readRemoteServer(opened.ssh, process.execPath, remoteLayout(remoteHome));
  if (running) await stopRemoteServer(opened.ssh, running.pid);
  opened.ssh.end();
}

async function runTask(client: MessageClient, repo: string, agents: number): Promise<string[]> {
  const started = await client.call('task.run', { repoPath: repo, prompt: 'Add a note', agents });
  if (!started.ok) throw new Error(started.error.message);
  const ids = started.value.threads.map((t) => t.id);
  for (;;) {
    const listed = await client.call('threads.list', {});
    if (listed.ok && ids.every((id) => ['done', 'failed', 'interrupted'].includes(listed.value.find((t) => t.id === id)?.status ?? ''))) return ids;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Median milliseconds of one app.info call, sequential calls. */
async function roundTrip(client: MessageClient, calls: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = process.hrtime.bigint();
    const answer = await client.call('app.info', {});
    if (!answer.ok) throw new Error(answer.error.message);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

/** Every thread's whole log, small pages so the transport (not one big message) is what is timed. */
async function readLogs(client: MessageClient, threadIds: string[]): Promise<{ events: number; ms: number }> {
  const started = process.hrtime.bigint();
  let events = 0;
  for (let pass = 0; pass < 5; pass++) {
    for (const threadId of threadIds) {
      const log = await fetchEventsAfter((afterSeq) => client.call('thread.events', { threadId, afterSeq, limit: 20 }), 0);
      if (!log.ok) throw new Error(log.error.message);
      events += log.value.length;
    }
  }
  return { events, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The entry scripts/bench-ssh.mjs calls in a process of its own. */
export async function main(argv: string[]): Promise<void> {
  const options = JSON.parse(argv[0] ?? '{}') as { root: string; rounds: number; calls: number; agents: number };
  process.stdout.write(`${JSON.stringify(await runForwardBench(options))}\n`);
  process.exit(0);
}
