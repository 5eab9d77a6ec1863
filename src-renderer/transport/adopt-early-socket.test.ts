// The early socket, from the script that opens it to the WsClient that adopts it: nothing the
// server says before the app is ready is lost, and the early app.info answers the client's own.
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../src-shared/protocol/wire';
import { takeEarlySocket } from './adopt-early-socket';
import { EARLY_REQUEST_IDS, EARLY_SOCKET_GLOBAL, type EarlySocket, type EarlyWebSocket } from './early-socket-shape';
import { keepWhatItSays } from './early-socket';
import { WsClient } from './ws-client';

const URL = 'ws://127.0.0.1:1/api?token=t';
const hello = { kind: 'hello', protocolVersion: PROTOCOL_VERSION, appVersion: '0.0.0-test' };
const appInfo = {
  version: '0.0.0-test',
  demoMode: true,
  dataDir: '/data',
  maxAgents: 16,
  initialRepo: null,
  providerLabel: 'Demo',
  canPickFolder: false,
  providers: [],
  sandbox: { kind: 'none', available: false, problem: 'No sandbox in a test.', allowUnsandboxed: false },
};

class FakeWebSocket implements EarlyWebSocket {
  readyState = 0;
  sent: Array<{ id: number; command: string }> = [];
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  constructor(readonly url: string = URL) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }
}

/** A page whose early script has run over `socket`; returns the scope the client adopts it from. */
function earlyPage(socket: FakeWebSocket): { scope: Record<string, EarlySocket | null>; early: EarlySocket } {
  const early = keepWhatItSays(socket);
  return { scope: { [EARLY_SOCKET_GLOBAL]: early }, early };
}

function adoptingClient(scope: Record<string, EarlySocket | null>) {
  const fresh: string[] = [];
  const client = new WsClient({
    url: URL,
    createSocket: (url) => takeEarlySocket(url, scope) ?? (fresh.push(url), new FakeWebSocket(url)),
  });
  return { client, fresh };
}

const appInfoResult = (id: number, initialRepo: string | null = null) => ({ kind: 'response', id, result: { ok: true, value: { ...appInfo, initialRepo } } });
const repo = { path: '/work/app', name: 'app', currentBranch: 'main', headCommit: 'abc123' };
const repoResult = (id: number) => ({ kind: 'response', id, result: { ok: true, value: repo } });
const earlyRepoOpen = { kind: 'request', id: EARLY_REQUEST_IDS.initialRepo, command: 'repo.open', params: { path: '/work/app' } };

/** An early page over `socket` that has heard the hello and an app.info answer naming `initialRepo`. */
function pageWithInitialRepo(socket: FakeWebSocket, initialRepo: string | null) {
  const page = earlyPage(socket);
  socket.open();
  socket.receive(hello);
  socket.receive(appInfoResult(EARLY_REQUEST_IDS.appInfo, initialRepo));
  return page;
}

describe('the early socket', () => {
  it('asks for app.info on a hello of this protocol, and the adopting client gets that answer without asking again', async () => {
    const socket = new FakeWebSocket();
    const { scope } = earlyPage(socket);
    socket.open();
    socket.receive(hello);
    expect(socket.sent).toEqual([{ kind: 'request', id: 0, command: 'app.info', params: {} }]);
    socket.receive(appInfoResult(0));
    const { client, fresh } = adoptingClient(scope);
    await client.ready();
    await expect(client.call('app.info', {})).resolves.toEqual({ ok: true, value: appInfo });
    expect(fresh).toEqual([]);
    expect(socket.sent).toHaveLength(1);
    // Later calls go to the server as usual.
    const list = client.call('threads.list', {});
    expect(socket.sent[1]).toMatchObject({ command: 'threads.list' });
    socket.receive({ kind: 'response', id: socket.sent[1]!.id, result: { ok: true, value: [] } });
    await expect(list).resolves.toEqual({ ok: true, value: [] });
  });

  it('answers the client when the early answer comes after the client asked, under the client\'s id', async () => {
    const socket = new FakeWebSocket();
    const { scope } = earlyPage(socket);
    socket.open();
    socket.receive(hello);
    const { client } = adoptingClient(scope);
    await client.ready();
    const info = client.call('app.info', {});
    socket.receive({ kind: 'event', event: { type: 'batch', events: [], threads: [] } });
    socket.receive(appInfoResult(0));
    await expect(info).resolves.toEqual({ ok: true, value: appInfo });
    expect(socket.sent).toHaveLength(1);
  });

  it('replays, in order, what the socket said before the client had it, and then what it says after', async () => {
    const socket = new FakeWebSocket();
    const { scope } = earlyPage(socket);
    const { client } = adoptingClient(scope);
    const events: unknown[] = [];
    client.onEvent((event) => events.push(event));
    socket.open();
    socket.receive(hello);
    await client.ready();
    socket.receive({ kind: 'event', event: { type: 'batch', events: [], threads: [] } });
    expect(events).toHaveLength(1);
  });

  it('sends nothing on a hello of another protocol, and the client refuses it', async () => {
    const socket = new FakeWebSocket();
    const { scope } = earlyPage(socket);
    socket.open();
    socket.receive({ ...hello, protocolVersion: PROTOCOL_VERSION + 1 });
    const { client } = adoptingClient(scope);
    await expect(client.ready()).rejects.toThrow(/newer/);
    expect(socket.sent).toEqual([]);
  });

  it('is not adopted for another address or once closed, and is taken once', () => {
    const other = earlyPage(new FakeWebSocket('ws://elsewhere/api'));
    expect(takeEarlySocket(URL, other.scope)).toBeNull();
    expect(other.early.socket.readyState).toBe(3);
    const closed = new FakeWebSocket();
    const page = earlyPage(closed);
    closed.open();
    closed.onclose?.({} as CloseEvent);
    expect(takeEarlySocket(URL, page.scope)).toBeNull();
    const fine = earlyPage(new FakeWebSocket());
    expect(takeEarlySocket(URL, fine.scope)).not.toBeNull();
    expect(takeEarlySocket(URL, fine.scope)).toBeNull();
  });

  it('asks for repo.open of the repository app.info names, and the client\'s own repo.open of it gets that answer', async () => {
    const socket = new FakeWebSocket();
    const { scope } = pageWithInitialRepo(socket, '/work/app');
    expect(socket.sent[1]).toEqual(earlyRepoOpen);
    socket.receive(repoResult(EARLY_REQUEST_IDS.initialRepo));
    const { client } = adoptingClient(scope);
    await client.ready();
    await expect(client.call('app.info', {})).resolves.toEqual({ ok: true, value: { ...appInfo, initialRepo: '/work/app' } });
    await expect(client.call('repo.open', { path: '/work/app' })).resolves.toEqual({ ok: true, value: repo });
    expect(socket.sent).toHaveLength(2);
  });

  it('hands the early repo.open answer over when it comes after the client asked', async () => {
    const socket = new FakeWebSocket();
    const { scope } = pageWithInitialRepo(socket, '/work/app');
    const { client } = adoptingClient(scope);
    await client.ready();
    const opened = client.call('repo.open', { path: '/work/app' });
    socket.receive({ kind: 'event', event: { type: 'batch', events: [], threads: [] } });
    socket.receive(repoResult(EARLY_REQUEST_IDS.initialRepo));
    await expect(opened).resolves.toEqual({ ok: true, value: repo });
    expect(socket.sent).toHaveLength(2);
  });

  it('sends a repo.open of another path to the server, and its answer is not the early one', async () => {
    const socket = new FakeWebSocket();
    const { scope } = pageWithInitialRepo(socket, '/work/app');
    socket.receive(repoResult(EARLY_REQUEST_IDS.initialRepo));
    const { client } = adoptingClient(scope);
    await client.ready();
    const other = client.call('repo.open', { path: '/work/other' });
    const sent = socket.sent[2]!;
    expect(sent).toMatchObject({ command: 'repo.open', params: { path: '/work/other' } });
    // The client's ids never meet the early script's, so no answer can be taken for another.
    expect(Object.values(EARLY_REQUEST_IDS)).not.toContain(sent.id);
    socket.receive({ kind: 'response', id: sent.id, result: { ok: true, value: { ...repo, path: '/work/other', name: 'other' } } });
    await expect(other).resolves.toMatchObject({ ok: true, value: { name: 'other' } });
  });

  it('asks for no repository when app.info names none or fails', () => {
    const none = new FakeWebSocket();
    pageWithInitialRepo(none, null);
    expect(none.sent).toHaveLength(1);
    const failing = new FakeWebSocket();
    earlyPage(failing);
    failing.open();
    failing.receive(hello);
    failing.receive({ kind: 'response', id: EARLY_REQUEST_IDS.appInfo, result: { ok: false, error: { code: 'internal', message: 'initialRepo' } } });
    expect(failing.sent).toHaveLength(1);
  });
});
