/**
 * Remote hosts against a real OpenSSH server on 127.0.0.1: the "remote" is this machine, reached
 * through sshd, with a HOME of its own (a temp dir) so the bundle and the remote data dir land
 * there. The test adds the host, installs the bundle, runs four demo agents, kills the sshd
 * child serving the connection mid-run, and checks that the follower ends with every event once.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ThreadEvent, ThreadSummary } from '../../src-shared/protocol/thread-events';
import { applyThreadEvent, emptyTranscript } from '../../src-shared/transcript';
import { fetchEventsAfter } from '../../src-shared/thread-event-pages';
import { connectHost, type HostState } from './host-connection';
import { openHostLink, type HostLinkOptions } from './host-link';
import type { HostRecord } from './host-record';
import { EventFollower } from './event-follower';
import { hostsFleet } from './hosts-fleet';
import { createFleetFixture } from '../fleet/test-support/fleet-fixture';
import { skipRemoteTests, useRemoteSide } from './test-support/remote-side';
import { startSshd } from './test-support/sshd';
import { hostOptionsOf, hostRecordOf, stopRemoteServerOf, until } from './test-support/remote-host-options';

const FINISHED: ReadonlySet<ThreadSummary['status']> = new Set(['done', 'failed', 'interrupted']);

describe.skipIf(skipRemoteTests)('remote hosts over a real sshd', { timeout: 300_000 }, () => {
  const side = useRemoteSide(() => stopRemoteServerOf(options(), side.remoteHome));

  const record = (): HostRecord => hostRecordOf(side);
  const options = (extra: Partial<HostLinkOptions> = {}): HostLinkOptions => hostOptionsOf(side, extra);

  it('refuses an unknown host key, showing its fingerprint, until it is accepted', async () => {
    const refused = await openHostLink(options());
    expect(refused).toMatchObject({ ok: false, permanent: true });
    expect(!refused.ok && refused.message).toContain(side.sshd.hostFingerprint);
    expect(!refused.ok && refused.message).toContain('--accept-host-key');

    const wrong = await openHostLink(options({ acceptFingerprint: 'SHA256:not-this-one' }));
    expect(wrong.ok).toBe(false);

    const accepted = await openHostLink(options({ acceptFingerprint: side.sshd.hostFingerprint }));
    if (!accepted.ok) throw new Error(accepted.message);
    accepted.link.close();
    // Recorded: the next connection needs no fingerprint.
    const again = await openHostLink(options());
    if (!again.ok) throw new Error(again.message);
    expect(again.link.server.installId).toBe(options().bundle.installId);
    again.link.close();
  });

  it('upgrades the remote: a server of another install is stopped and this one started', async () => {
    const real = options();
    const before = await openHostLink(real);
    if (!before.ok) throw new Error(before.message);
    before.link.close();
    // Another build of Flotilla connects: its bundle is installed beside this one, and its server replaces ours.
    const older = await openHostLink({ ...real, bundle: { ...real.bundle, installId: `${real.bundle.installId}-older` } });
    if (!older.ok) throw new Error(older.message);
    expect(older.link.server.installId).toBe(`${real.bundle.installId}-older`);
    expect(older.link.server.pid).not.toBe(before.link.server.pid);
    older.link.close();
    const back = await openHostLink(real);
    if (!back.ok) throw new Error(back.message);
    expect(back.link.server.installId).toBe(real.bundle.installId);
    expect(back.link.server.pid).not.toBe(older.link.server.pid);
    back.link.close();
  });

  it('runs four demo agents on the remote and loses nothing when the SSH connection is killed mid-run', async () => {
    const connected = await connectHost(options());
    if (!connected.ok) throw new Error(connected.message);
    const connection = connected.connection;
    const states: HostState['kind'][] = [];
    connection.transport.onStateChange((state) => states.push(state.kind));
    const received = new Map<string, ThreadEvent[]>();
    const summaries = new Map<string, ThreadSummary>();
    const follower = new EventFollower(connection.client, {
      onEvents: (id, events) => received.set(id, [...(received.get(id) ?? []), ...events]),
      onThreads: (threads) => threads.forEach((t) => summaries.set(t.id, t)),
    });
    try {
      const started = await connection.client.call('task.run', { repoPath: side.repo, prompt: 'Add a greeting', agents: 4 });
      if (!started.ok) throw new Error(started.error.message);
      const ids = started.value.threads.map((t) => t.id);
      // Mid-run: every thread has begun, at least one is still working.
      await until(() => ids.every((id) => (received.get(id)?.length ?? 0) > 2) && ids.some((id) => !FINISHED.has(summaries.get(id)?.status ?? 'starting')), 'the agents to be under way');
      const serverPid = connection.transport.server?.pid;
      const seenAtKill = new Map(ids.map((id) => [id, follower.seen(id)]));
      const killed = side.sshd.killConnections();
      expect(killed.length).toBeGreaterThan(0);
      await until(() => states.includes('reconnecting'), 'the host to be reconnecting');
      await until(() => connection.transport.hostState.kind === 'connected' && states.lastIndexOf('connected') > states.indexOf('reconnecting'), 'the host to reconnect', 60_000);
      await until(() => ids.every((id) => FINISHED.has(summaries.get(id)?.status ?? 'starting')), 'every thread to finish', 180_000);
      for (const id of ids) await until(() => follower.seen(id) >= (summaries.get(id)?.lastSeq ?? Infinity), `thread ${id} to be caught up`);

      // The remote server outlived the connection, and the agents went on working meanwhile.
      expect(connection.transport.server?.pid).toBe(serverPid);
      expect(ids.some((id) => follower.seen(id) > seenAtKill.get(id)!)).toBe(true);
      for (const id of ids) {
        expect(summaries.get(id)?.status).toBe('done');
        const log = await fetchEventsAfter((afterSeq) => connection.client.call('thread.events', { threadId: id, afterSeq, limit: 1000 }), 0);
        if (!log.ok) throw new Error(log.error.message);
        // A done thread can still log a little (its diff stat, after the checkpoint): the page may
        // hold an event whose live batch is on its way; the follower must get it too.
        const lastLogged = log.value.at(-1)?.seq ?? 0;
        await until(() => follower.seen(id) >= lastLogged, `thread ${id}'s last logged event`);
        const seqs = (received.get(id) ?? []).map((e) => e.seq);
        expect(new Set(seqs).size).toBe(seqs.length);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        // Everything the log kept, the follower has (it also saw live deltas the log folds away).
        const have = new Set(seqs);
        expect(log.value.map((e) => e.seq).filter((seq) => !have.has(seq))).toEqual([]);
        expect(transcriptOf(received.get(id) ?? [])).toEqual(transcriptOf(log.value));
      }
    } finally {
      follower.dispose();
      connection.close();
    }
  });

  it('shows a host\'s threads beside the local fleet\'s, routing commands by id (one dashboard, many hosts)', async () => {
    const fixture = await createFleetFixture();
    const connected = await connectHost(options());
    if (!connected.ok) throw new Error(connected.message);
    const dashboard = hostsFleet(await fixture.openFleet());
    const remove = dashboard.addHost('box', connected.connection.client);
    try {
      const listed = await dashboard.call('threads.list', {});
      if (!listed.ok) throw new Error(listed.error.message);
      const remote = listed.value.filter((t) => t.host === 'box');
      expect(remote.length).toBeGreaterThanOrEqual(4);
      expect(remote.every((t) => t.id.endsWith('@box') && t.taskId.endsWith('@box'))).toBe(true);

      const [first, second] = remote;
      const events = await dashboard.handle('thread.events', { threadId: first!.id, afterSeq: 0 });
      if (!events.ok) throw new Error(events.error.message);
      const page = events.value as { events: ThreadEvent[] };
      expect(page.events.length).toBeGreaterThan(0);
      expect(page.events.every((e) => e.threadId === first!.id)).toBe(true);

      // Merges run in the host's repository; the matrix names the threads as the dashboard does.
      const matrix = await dashboard.call('merge.check', { threadIds: [first!.id, second!.id] });
      if (!matrix.ok) throw new Error(matrix.error.message);
      expect(matrix.value.pairs[0]).toMatchObject({ a: first!.id, b: second!.id });
      expect(await dashboard.call('merge.check', { threadIds: [first!.id, 't_local'] })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(await dashboard.call('thread.interrupt', { threadId: 't_1@elsewhere' })).toMatchObject({ ok: false, error: { code: 'not_found' } });

      // A task started on the host shows up in the dashboard's event stream, renamed.
      const seen: string[] = [];
      const stop = dashboard.onEvent((batch) => seen.push(...batch.events.map((e) => e.threadId)));
      const started = await connected.connection.client.call('task.run', { repoPath: side.repo, prompt: 'One more', agents: 1 });
      if (!started.ok) throw new Error(started.error.message);
      await until(() => seen.includes(`${started.value.threads[0]!.id}@box`), 'the new thread\'s events on the dashboard');
      stop();
    } finally {
      remove();
      connected.connection.close();
      await dashboard.dispose();
      await fixture.cleanup();
    }
  });

  it('says clearly that a remote without node cannot run the server', async () => {
    const bin = join(side.local, 'no-node-bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync('/usr/bin/git', join(bin, 'git'));
    const bare = await startSshd({ HOME: side.remoteHome, PATH: bin });
    try {
      const attempt = await openHostLink({ ...options({ acceptFingerprint: bare.hostFingerprint }), record: { ...record(), port: bare.port, auth: { kind: 'key', path: bare.clientKey } } });
      expect(attempt).toMatchObject({ ok: false, permanent: true });
      expect(!attempt.ok && attempt.message).toMatch(/Node\.js is not installed on the remote.*Install Node \^22/);
      expect(!attempt.ok && attempt.message).not.toMatch(/git is not installed/);
    } finally {
      await bare.stop();
    }
  });
});

function transcriptOf(events: ThreadEvent[]): unknown {
  return events.reduce(applyThreadEvent, emptyTranscript()).items;
}
