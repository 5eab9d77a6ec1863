import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientEvent } from '../../src-shared/protocol/api';
import { PROTOCOL_VERSION, tokenRefusal } from '../../src-shared/protocol/wire';
import { resolveToken, socketUrl, WsClient, type SocketLike } from './ws-client';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Array<{ id: number; command: string; params: unknown }> = [];
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.drop();
  }
  /** Opens and says hello, as the server does first on every connection. */
  open(hello: unknown = { kind: 'hello', protocolVersion: PROTOCOL_VERSION, appVersion: '0.0.0-test' }): void {
    this.readyState = 1;
    this.onopen?.({} as Event);
    this.receive(hello);
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const client = new WsClient({
    url: 'ws://host/api?token=t',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    reconnectDelay: (attempt) => 100 * (attempt + 1),
  });
  const states: boolean[] = [];
  client.onConnectionChange((connected) => states.push(connected));
  return { client, sockets, states, current: () => sockets[sockets.length - 1]! };
}

const batch: ClientEvent = { type: 'batch', events: [], threads: [] };

describe('WsClient', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('matches responses to requests by id, in any order', async () => {
    const { client, current } = setup();
    current().open();
    const list = client.call('threads.list', {});
    const pick = client.call('repo.pick', {});
    const [first, second] = current().sent;
    current().receive({ kind: 'response', id: second!.id, result: { ok: true, value: null } });
    current().receive({ kind: 'response', id: first!.id, result: { ok: true, value: [] } });
    await expect(list).resolves.toEqual({ ok: true, value: [] });
    await expect(pick).resolves.toEqual({ ok: true, value: null });
    expect(first!.command).toBe('threads.list');
  });

  it('passes API errors through as data and rejects results that break the contract', async () => {
    const { client, current } = setup();
    current().open();
    const open = client.call('repo.open', { path: '/nope' });
    const error = { code: 'path_not_found', message: 'No such folder: /nope' };
    current().receive({ kind: 'response', id: current().sent[0]!.id, result: { ok: false, error } });
    await expect(open).resolves.toEqual({ ok: false, error });

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const info = client.call('app.info', {});
    current().receive({ kind: 'response', id: current().sent[1]!.id, result: { ok: true, value: { version: 1 } } });
    const result = await info;
    expect(result.ok).toBe(false);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('fans out valid events and drops malformed ones with a warning', () => {
    const { client, current } = setup();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const seen: ClientEvent[] = [];
    client.onEvent((event) => seen.push(event));
    current().open();
    current().receive({ kind: 'event', event: batch });
    current().receive({ kind: 'event', event: { type: 'batch', events: [{ nope: 1 }], threads: [] } });
    expect(seen).toEqual([batch]);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('rejects in-flight requests on drop, then reconnects with backoff', async () => {
    const { client, sockets, states, current } = setup();
    current().open();
    await Promise.resolve();
    const pending = client.call('threads.list', {});
    current().drop();
    await expect(pending).rejects.toThrow(/threads\.list.*connection was lost/);
    expect(states).toEqual([true, false]);

    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    current().drop();
    vi.advanceTimersByTime(200);
    expect(sockets).toHaveLength(3);
    current().open();
    expect(states).toEqual([true, false, true]);
  });

  it('refuses to send while disconnected, and stops for good when disposed', async () => {
    const { client, sockets } = setup();
    await expect(client.call('app.info', {})).rejects.toThrow(/Not connected/);
    client.dispose();
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(1);
  });

  it('refuses a server of another protocol version, says to reload, and stops retrying', async () => {
    const { client, sockets, states, current } = setup();
    const refusals: string[] = [];
    client.onConnectionChange((_connected, refusal) => refusal && refusals.push(refusal.message));
    current().open({ kind: 'hello', protocolVersion: PROTOCOL_VERSION + 1, appVersion: '2.0.0' });
    expect(refusals).toEqual([expect.stringContaining('To fix it, reload the page')]);
    expect(current().readyState).toBe(3);
    expect(current().sent).toEqual([]);
    await expect(client.call('app.info', {})).rejects.toThrow(/reload the page/);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(states).toEqual([false]);
  });

  it('says why when the server refuses the token, and stops retrying', async () => {
    const { client, sockets, states, current } = setup();
    const refusals: string[] = [];
    client.onConnectionChange((_connected, refusal) => refusal && refusals.push(refusal.message));
    const refusal = tokenRefusal('token_wrong');
    current().open(refusal);
    current().drop();
    expect(refusals).toEqual([refusal.message]);
    await expect(client.call('app.info', {})).rejects.toThrow(/access token is wrong/);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(states).toEqual([false]);
  });

  it('tells a late listener that it is already connected', async () => {
    const { client, current } = setup();
    current().open();
    const late: boolean[] = [];
    client.onConnectionChange((connected) => late.push(connected));
    await Promise.resolve();
    expect(late).toEqual([true]);
  });
});

describe('token and url', () => {
  it('keeps the URL token in session storage for reloads without it', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(resolveToken('?token=abc', storage)).toBe('abc');
    expect(resolveToken('', storage)).toBe('abc');
    expect(resolveToken('', null)).toBeNull();
  });

  it('builds ws and wss urls on the page host', () => {
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:7000' }, 'a b')).toBe('ws://127.0.0.1:7000/api?token=a%20b');
    expect(socketUrl({ protocol: 'https:', host: 'box' }, null)).toBe('wss://box/api');
  });
});
