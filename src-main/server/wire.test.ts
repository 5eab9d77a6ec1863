// The one wire over a real socket: the shared client (as the CLI uses it) against the real server,
// and a token holder who sends the server whatever it likes.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { ok, type Result } from '../../src-shared/protocol/api';
import { PROTOCOL_VERSION } from '../../src-shared/protocol/wire';
import { RemoteClient, VersionMismatchError } from '../cli/remote-client';
import { appInfoHandler, createFakeFleet, fakeAppInfo, type FakeFleet } from './test-support/fake-fleet';
import { startServer, type RunningServer } from './server';
import { MAX_REQUEST_BYTES } from './ws-connection';
import { apiUrl, connect, waitFor } from './test-support/ws-test-client';

/** A promise the test resolves: a fleet answer held back until the test says. */
function gate<T>() {
  let open: (value: T) => void = () => undefined;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

describe('the wire over a real socket', () => {
  let dir: string;
  let fleet: FakeFleet;
  let server: RunningServer;
  let logs: string[];
  const slowList = gate<Result<unknown>>();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-wire-'));
    logs = [];
    fleet = createFakeFleet({
      'app.info': appInfoHandler(),
      'threads.list': () => slowList.promise,
      'repo.pick': () => ok('/picked'),
      'thread.interrupt': () => new Promise(() => undefined),
    });
    server = await startServer({ fleet, rendererDir: dir, log: (line) => logs.push(line) });
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says hello first, with the protocol and app versions', async () => {
    const client = await connect(apiUrl(server.url));
    expect(client.messages[0]).toEqual({ kind: 'hello', protocolVersion: PROTOCOL_VERSION, appVersion: fakeAppInfo.version });
    await client.close();
  });

  it('matches out-of-order responses to their calls', async () => {
    const client = await connect(apiUrl(server.url));
    const list = client.call('threads.list', {});
    await waitFor(() => fleet.calls.length === 1, 20_000, 'threads.list to reach the fleet');
    // Answered while threads.list is still held: the second response arrives first.
    await expect(client.call('repo.pick', {})).resolves.toEqual(ok('/picked'));
    slowList.open(ok([]));
    await expect(list).resolves.toEqual(ok([]));
    expect(client.warnings).toEqual([]);
    await client.close();
  });

  it('fails calls in flight with a clear error when the server goes away', async () => {
    const client = await connect(apiUrl(server.url));
    const states: boolean[] = [];
    client.client.onConnectionChange((connected) => states.push(connected));
    const pending = client.call('thread.interrupt', { threadId: 't1' });
    await waitFor(() => fleet.calls.length === 1, 20_000, 'thread.interrupt to reach the fleet');
    await server.close();
    await expect(pending).rejects.toThrow('No answer to "thread.interrupt": the connection was lost');
    await waitFor(() => states.includes(false), 20_000, 'the drop to be reported');
    await expect(client.call('app.info', {})).rejects.toThrow(/Not connected/);
  });

  it('answers garbage, wrong-typed and oversized requests with invalid_request, and stays up', async () => {
    const hostile = await connect(apiUrl(server.url));
    hostile.sendRaw('\u0000\u0001 definitely not json');
    hostile.sendRaw(JSON.stringify([1, 2, 3]));
    hostile.sendRaw(JSON.stringify({ kind: 'request', id: 'seven', command: 'app.info', params: {} }));
    hostile.sendRaw(JSON.stringify({ kind: 'request', id: 8, command: 42, params: {} }));
    hostile.sendRaw(JSON.stringify({ kind: 'request', id: 9, command: 'x'.repeat(10_000), params: {} }));
    hostile.sendRaw(`{"kind":"request","id":10,"command":"thread.send","params":{"text":"${'x'.repeat(MAX_REQUEST_BYTES)}"}}`);
    for (const id of [8, 9, 10]) {
      const answer = await hostile.waitForMessage((m) => m.kind === 'response' && m.id === id);
      expect(answer).toMatchObject({ kind: 'response', id, result: { ok: false, error: { code: 'invalid_request' } } });
    }
    await waitFor(() => hostile.messages.filter((m) => m?.kind === 'error').length === 3, 20_000, 'three refusals without an id');
    const byId = (id: number) => hostile.messages.find((m) => m?.kind === 'response' && m.id === id);
    expect(byId(8)).toMatchObject({ result: { error: { message: expect.stringContaining('command') } } });
    expect(byId(9)).toMatchObject({ result: { error: { message: expect.stringContaining('command') } } });
    expect(byId(10)).toMatchObject({ result: { error: { message: expect.stringContaining(`at most ${MAX_REQUEST_BYTES}`) } } });
    // None reached the fleet (whose front door validates the params of well-formed requests).
    expect(fleet.calls).toEqual([]);

    expect(await hostile.call('app.info', {})).toEqual(ok(fakeAppInfo));
    const bystander = await connect(apiUrl(server.url));
    expect(await bystander.call('app.info', {})).toEqual(ok(fakeAppInfo));
    await Promise.all([hostile.close(), bystander.close()]);
  });

  it('closes (1009) a socket sending a frame past the payload limit, and serves the next client', async () => {
    const hostile = await connect(apiUrl(server.url));
    const closed = new Promise<number>((resolve) => hostile.socket.once('close', (code) => resolve(code)));
    hostile.sendRaw('x'.repeat(2 * MAX_REQUEST_BYTES + 1));
    expect(await closed).toBe(1009);
    const next = await connect(apiUrl(server.url));
    expect(await next.call('app.info', {})).toEqual(ok(fakeAppInfo));
    await next.close();
  });
});

describe('a server of another protocol version', () => {
  it('is refused before any request, with a message that says which side to upgrade', async () => {
    const received: string[] = [];
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    wss.on('connection', (socket) => {
      socket.on('message', (data) => received.push(String(data)));
      socket.send(JSON.stringify({ kind: 'hello', protocolVersion: PROTOCOL_VERSION + 1, appVersion: '99.0.0' }));
    });
    const { port } = wss.address() as AddressInfo;
    const opening = RemoteClient.open(`ws://127.0.0.1:${port}/api`);
    await expect(opening).rejects.toBeInstanceOf(VersionMismatchError);
    await expect(opening).rejects.toThrow(
      `This flotilla CLI speaks Flotilla protocol ${PROTOCOL_VERSION}, but the other side (Flotilla 99.0.0) speaks protocol ${PROTOCOL_VERSION + 1}, which is newer. To fix it, upgrade this CLI to the server's version. Nothing was sent.`,
    );
    expect(received).toEqual([]);
    await new Promise((resolve) => wss.close(resolve));
  });
});
