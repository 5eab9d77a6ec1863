/**
 * The dashboard of many hosts (hosts-fleet.ts) against a real sshd: host states as the SSH link
 * drops and comes back, a task started on the host through `task.run`'s `host` (and its folders
 * listed through `folders.list`'s), a remote thread's terminal attached through the proxy (and
 * attached again after the link drops), and every control routed by `<id>@box`: steer, an
 * approval, review comments and the diff, merge (in the remote repository) and discard.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FolderListing } from '../../src-shared/protocol/api-folders';
import type { HostStatus } from '../../src-shared/protocol/api-hosts';
import type { TerminalPush } from '../../src-shared/protocol/api-terminal';
import type { ThreadEvent, ThreadSummary } from '../../src-shared/protocol/thread-events';
import { createFleetFixture } from '../fleet/test-support/fleet-fixture';
import { connectHost, type HostConnection } from './host-connection';
import { hostsFleet, type HostsFleet } from './hosts-fleet';
import { hostOptionsOf, stopRemoteServerOf, until } from './test-support/remote-host-options';
import { skipRemoteTests, useRemoteSide } from './test-support/remote-side';

const FINISHED: ReadonlySet<ThreadSummary['status']> = new Set(['done', 'failed', 'interrupted']);

describe.skipIf(skipRemoteTests)('one dashboard, many hosts, over a real sshd', { timeout: 300_000 }, () => {
  const side = useRemoteSide(() => stopRemoteServerOf(hostOptionsOf(side), side.remoteHome));

  /** A dashboard over a fresh local fleet with the host `box` added, and what it pushed. */
  async function dashboardWithHost(): Promise<{ dashboard: HostsFleet; connection: HostConnection; summaries: Map<string, ThreadSummary>; events: ThreadEvent[]; hostBatches: HostStatus[][]; close(): Promise<void> }> {
    const fixture = await createFleetFixture();
    const connected = await connectHost(hostOptionsOf(side, { acceptFingerprint: side.sshd.hostFingerprint }));
    if (!connected.ok) throw new Error(connected.message);
    const dashboard = hostsFleet(await fixture.openFleet());
    const summaries = new Map<string, ThreadSummary>();
    const events: ThreadEvent[] = [];
    const hostBatches: HostStatus[][] = [];
    dashboard.onEvent((batch) => {
      for (const t of batch.threads) summaries.set(t.id, t);
      events.push(...batch.events);
      if (batch.hosts) hostBatches.push(batch.hosts);
    });
    // As serve --with-hosts does: `connecting` until the host is added, which replaces it.
    dashboard.reportHost({ name: 'box', state: 'connecting' });
    const remove = dashboard.addHost('box', connected.connection.client, connected.connection.transport);
    return {
      dashboard,
      connection: connected.connection,
      summaries,
      events,
      hostBatches,
      async close() {
        remove();
        connected.connection.close();
        await dashboard.dispose();
        await fixture.cleanup();
      },
    };
  }

  async function run(dashboard: HostsFleet, params: Record<string, unknown>): Promise<string[]> {
    const started = await dashboard.handle('task.run', { host: 'box', repoPath: side.repo, agents: 1, ...params });
    if (!started.ok) throw new Error(started.error.message);
    return (started.value as { threads: ThreadSummary[] }).threads.map((t) => t.id);
  }

  async function call<T>(dashboard: HostsFleet, command: string, params: unknown): Promise<T> {
    const answer = await dashboard.handle(command, params);
    if (!answer.ok) throw new Error(`${command}: ${answer.error.message}`);
    return answer.value as T;
  }

  it('hosts.status says connected, reconnecting while the SSH link is down, and connected again; each change is pushed', async () => {
    const { dashboard, connection, hostBatches, close } = await dashboardWithHost();
    try {
      expect(hostBatches.map((hosts) => hosts[0]?.state)).toEqual(['connecting', 'connected']);
      expect(await call(dashboard, 'hosts.status', {})).toEqual([{ name: 'box', state: 'connected' }]);
      expect(hostBatches.at(-1)).toEqual([{ name: 'box', state: 'connected' }]);
      // A host whose first connection failed is shown with its message, after the connected ones.
      dashboard.reportHost({ name: 'gone', state: 'failed', message: 'Node.js is not installed on the remote' });
      expect(hostBatches.at(-1)).toEqual([{ name: 'box', state: 'connected' }, { name: 'gone', state: 'failed', message: 'Node.js is not installed on the remote' }]);
      const pushed = hostBatches.length;
      expect(side.sshd.killConnections().length).toBeGreaterThan(0);
      await until(() => hostBatches.slice(pushed).some((hosts) => hosts[0]?.state === 'reconnecting'), 'a pushed reconnecting state');
      const reconnecting = hostBatches.slice(pushed).find((hosts) => hosts[0]?.state === 'reconnecting')![0]!;
      expect(reconnecting.message).toBeTruthy();
      await until(() => connection.transport.hostState.kind === 'connected', 'the host to reconnect');
      expect(await call<HostStatus[]>(dashboard, 'hosts.status', {})).toEqual([{ name: 'box', state: 'connected' }, { name: 'gone', state: 'failed', message: 'Node.js is not installed on the remote' }]);
      expect(hostBatches.at(-1)?.[0]).toEqual({ name: 'box', state: 'connected' });
      // The host's threads are listed again after the reconnect.
      expect(await call<ThreadSummary[]>(dashboard, 'threads.list', {})).toBeInstanceOf(Array);
    } finally {
      await close();
    }
  });

  it('attaches a remote terminal view again after the SSH link drops: a fresh screen, then the stream on the same attachId', async () => {
    const { dashboard, summaries, close } = await dashboardWithHost();
    const pushes: TerminalPush[] = [];
    const stopTerminal = dashboard.onTerminal!((push) => pushes.push(push));
    try {
      const [id] = await run(dashboard, { prompt: 'Add a note' });
      await until(() => FINISHED.has(summaries.get(id!)?.status ?? 'starting'), 'the remote thread to finish', 180_000);
      const shell = await call<{ terminalId: string }>(dashboard, 'terminal.open', { threadId: id, kind: 'user' });
      await call(dashboard, 'terminal.attach', { terminalId: shell.terminalId, attachId: 'view-1' });
      const mine = () => pushes.filter((p) => p.attachId === 'view-1');
      const dataAfter = (index: number) => mine().slice(index).map((p) => (p.type === 'data' ? p.data : '')).join('');
      await call(dashboard, 'terminal.input', { terminalId: shell.terminalId, data: 'echo before-$((6*7))\r' });
      await until(() => dataAfter(0).includes('before-42'), 'the remote shell to echo before the drop');

      expect(side.sshd.killConnections().length).toBeGreaterThan(0);
      await until(() => mine().some((p) => p.type === 'screen'), 'a fresh screen for the view after the reconnect', 120_000);
      const screenAt = mine().findIndex((p) => p.type === 'screen');
      const screen = mine()[screenAt] as Extract<TerminalPush, { type: 'screen' }>;
      // The host's screen still shows what was typed before the drop.
      expect(screen.screen).toContain('before-42');
      expect(mine()[screenAt + 1]).toMatchObject({ type: 'info', info: { terminalId: shell.terminalId, exited: false } });

      await call(dashboard, 'terminal.input', { terminalId: shell.terminalId, data: 'echo after-$((6*7))\r' });
      await until(() => dataAfter(screenAt).includes('after-42'), 'the remote shell to echo on the same view after the reconnect');
      await call(dashboard, 'terminal.ack', { attachId: 'view-1', chars: dataAfter(screenAt).length });
      await call(dashboard, 'terminal.detach', { attachId: 'view-1' });
      await call(dashboard, 'terminal.close', { terminalId: shell.terminalId });
    } finally {
      stopTerminal();
      await close();
    }
  });

  it('starts a task on the host, attaches a remote thread\'s terminal through the proxy, steers it, then reviews, merges in the remote repository and discards', async () => {
    const { dashboard, summaries, events, close } = await dashboardWithHost();
    try {
      const [id, other] = await run(dashboard, { prompt: 'Add a note', agents: 2 });
      expect(id).toMatch(/@box$/);
      await until(() => [id, other].every((t) => FINISHED.has(summaries.get(t!)?.status ?? 'starting')), 'both remote threads to finish', 180_000);
      const thread = summaries.get(id!)!;
      expect(thread).toMatchObject({ host: 'box', status: 'done', repoPath: side.repo });
      // The worktree is on the remote side, under its repository's data dir there.
      expect(thread.worktreePath.startsWith(side.remoteHome)).toBe(true);

      // The Terminal tab: a user shell in the remote worktree, its output pushed under our attachId.
      const pushes: TerminalPush[] = [];
      const stopTerminal = dashboard.onTerminal!((push) => pushes.push(push));
      const shell = await call<{ terminalId: string; threadId: string }>(dashboard, 'terminal.open', { threadId: id, kind: 'user' });
      expect(shell.terminalId).toMatch(/@box$/);
      expect(shell.threadId).toBe(id);
      const attached = await call<{ info: { terminalId: string } }>(dashboard, 'terminal.attach', { terminalId: shell.terminalId, attachId: 'view-1' });
      expect(attached.info.terminalId).toBe(shell.terminalId);
      await call(dashboard, 'terminal.input', { terminalId: shell.terminalId, data: 'echo remote-$((6*7)); pwd\r' });
      const output = () => pushes.filter((p) => p.type === 'data' && p.attachId === 'view-1').map((p) => (p as { data: string }).data).join('');
      await until(() => output().includes('remote-42') && output().includes(thread.worktreePath), 'the remote shell to echo');
      await call(dashboard, 'terminal.ack', { attachId: 'view-1', chars: output().length });
      await call(dashboard, 'terminal.detach', { attachId: 'view-1' });
      await call(dashboard, 'terminal.close', { terminalId: shell.terminalId });
      stopTerminal();

      // Steer: a done thread takes the message as its next turn.
      const sent = await call<{ messageId: string }>(dashboard, 'thread.send', { threadId: id, text: 'Also say hello', mode: 'steer' });
      expect(sent.messageId).toBeTruthy();
      await until(() => events.some((e) => e.threadId === id && JSON.stringify(e.msg).includes('Also say hello')), 'the steer message in the remote transcript');
      await until(() => summaries.get(id!)?.status === 'done' && (summaries.get(id!)?.lastSeq ?? 0) > thread.lastSeq, 'the steered turn to finish', 120_000);

      // Review: the diff comes from the remote worktree; comments go to the remote agent.
      const diff = await call<{ files: Array<{ path: string }> }>(dashboard, 'thread.diff', { threadId: id });
      const path = diff.files[0]!.path;
      expect(path).toMatch(/^flotilla-demo\//);
      const reviewed = await call<{ messageId: string }>(dashboard, 'thread.review', { threadId: id, comments: [{ path, line: 1, side: 'new', body: 'Shorter, please' }], mode: 'queue' });
      expect(reviewed.messageId).toBeTruthy();
      await until(() => events.some((e) => e.threadId === id && JSON.stringify(e.msg).includes('Shorter, please')), 'the review comment in the remote transcript');
      await until(() => summaries.get(id!)?.status === 'done', 'the review turn to finish', 120_000);

      // Merge happens in the remote repository; discard removes the other remote worktree.
      const report = await call<{ merged: Array<{ threadId: string }>; stopped: unknown }>(dashboard, 'merge.run', { threadIds: [id], strategy: 'squash' });
      expect(report).toMatchObject({ merged: [{ threadId: id }], stopped: null });
      expect(execFileSync('git', ['-C', side.repo, 'ls-tree', '-r', '--name-only', 'main'], { encoding: 'utf8' })).toContain(path);
      const discarded = await call<{ keptRef: string | null }>(dashboard, 'thread.discard', { threadId: other, force: true });
      expect(discarded.keptRef).toBeTruthy();
      await until(() => summaries.get(other!)?.mergeState === 'discarded', 'the discarded state pushed from the host');
      const gone = summaries.get(other!)!;
      expect(gone.host).toBe('box');
      expect(existsSync(gone.worktreePath)).toBe(false);
      expect(execFileSync('git', ['-C', side.repo, 'for-each-ref', '--format=%(refname)'], { encoding: 'utf8' })).toContain(discarded.keptRef!);
    } finally {
      await close();
    }
  });

  it("lists the host's folders through folders.list's host, with its repository marked", async () => {
    const { dashboard, close } = await dashboardWithHost();
    try {
      // Answered by the host: this fleet alone refuses a host it does not know.
      const listed = await call<FolderListing>(dashboard, 'folders.list', { host: 'box', path: dirname(side.repo) });
      expect(listed.path).toBe(dirname(side.repo));
      expect(listed.entries).toContainEqual({ name: basename(side.repo), isGitRepo: true });
      const relative = await dashboard.handle('folders.list', { host: 'box', path: 'repo' });
      expect(relative).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(await dashboard.handle('folders.list', { host: 'elsewhere' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    } finally {
      await close();
    }
  });

  it('asks for an approval on the host and takes the answer from the dashboard', async () => {
    const { dashboard, summaries, close } = await dashboardWithHost();
    try {
      const [id] = await run(dashboard, { prompt: 'Add a short note', approvalMode: 'suggest' });
      await until(() => summaries.get(id!)?.pendingApproval != null, 'an approval request from the host', 120_000);
      const request = summaries.get(id!)!.pendingApproval!;
      expect(summaries.get(id!)?.status).toBe('waiting');
      await call(dashboard, 'thread.approve', { threadId: id, requestId: request.requestId, decision: 'approve' });
      await until(() => summaries.get(id!)?.pendingApproval?.requestId !== request.requestId, 'the answered request to go');
      // The rest of the turn without asking.
      await call(dashboard, 'thread.setApprovalMode', { threadId: id, mode: 'full-auto' });
      const pending = summaries.get(id!)?.pendingApproval;
      if (pending) await call(dashboard, 'thread.approve', { threadId: id, requestId: pending.requestId, decision: 'approve' });
      await until(() => summaries.get(id!)?.status === 'done', 'the approved thread to finish', 120_000);
    } finally {
      await close();
    }
  });
});
