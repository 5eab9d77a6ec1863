import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { NEW_THREAD_DEFAULTS } from '../../src-shared/domain/thread';
import { fail, ok, type ClientEvent } from '../../src-shared/protocol/api';
import { REFUSED_CLOSE_CODE } from '../../src-shared/protocol/wire';
import { appInfoHandler, createFakeFleet, fakeAppInfo, type FakeFleet } from './test-support/fake-fleet';
import { startServer, type RunningServer } from './server';
import { apiUrl, connect, RefusedError, waitFor } from './test-support/ws-test-client';

const batch = (activity = 'Running tests'): ClientEvent => ({
  type: 'batch',
  events: [],
  threads: [
    {
      id: 't1', taskId: 'task1', agentIndex: 1, repoPath: '/repo', baseBranch: 'main', branch: 'flotilla/x-1',
      worktreePath: '/wt', prompt: 'p', status: 'working', activity, createdAt: 1, finishedAt: null,
      usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 },
      diffStat: null, providerLabel: 'Demo', demo: true, error: null, lastSeq: 1, ...NEW_THREAD_DEFAULTS,
    },
  ],
});

async function refusal(url: string, headers: Record<string, string> = {}): Promise<number> {
  try {
    const client = await connect(url, headers);
    await client.close();
    return 101;
  } catch (error) {
    if (error instanceof RefusedError) return error.status;
    throw error;
  }
}

describe('startServer: the API socket', () => {
  let dir: string;
  let fleet: FakeFleet;
  let server: RunningServer;
  let logs: string[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-server-'));
    logs = [];
    fleet = createFakeFleet({
      'app.info': appInfoHandler(),
      'repo.open': () => fail('path_not_found', 'No such folder.'),
      'thread.interrupt': async () => ok({}),
    });
    server = await startServer({ fleet, rendererDir: dir, log: (line) => logs.push(line) });
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a loopback URL that carries a random token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(logs).toEqual([]);
  });

  it('refuses the upgrade without the token (401), with a wrong one (401) and on another path (404)', async () => {
    expect(await refusal(apiUrl(server.url, null))).toBe(401);
    expect(await refusal(apiUrl(server.url, `${server.token}x`))).toBe(401);
    expect(await refusal(apiUrl(server.url, ''))).toBe(401);
    expect(await refusal(apiUrl(server.url).replace('/api', '/other'))).toBe(404);
  });

  it('tells its own page (an Origin, no usable token) why, over the socket, then closes it', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const told = async (token: string | null) => {
      const socket = new WebSocket(apiUrl(server.url, token), { headers: { Origin: origin } });
      const messages: unknown[] = [];
      socket.on('message', (data) => messages.push(JSON.parse(String(data))));
      const code = await new Promise<number>((resolve) => {
        socket.once('close', (closeCode) => resolve(closeCode));
        // An HTTP refusal: what a browser cannot read.
        socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      });
      return { code, messages };
    };
    const missing = await told(null);
    expect(missing).toEqual({ code: REFUSED_CLOSE_CODE, messages: [{ kind: 'refused', reason: 'token_missing', message: expect.stringContaining('Open the URL that `flotilla serve` printed') }] });
    const wrong = await told(`${server.token}x`);
    expect(wrong).toEqual({ code: REFUSED_CLOSE_CODE, messages: [{ kind: 'refused', reason: 'token_wrong', message: expect.stringContaining('access token is wrong') }] });
    // Nothing of the fleet's reached it.
    expect(fleet.calls).toEqual([]);
  });

  it('refuses a foreign Origin (403) and accepts its own origins', async () => {
    const url = apiUrl(server.url);
    expect(await refusal(url, { Origin: 'http://evil.example' })).toBe(403);
    expect(await refusal(url, { Origin: `http://127.0.0.1:${server.port + 1}` })).toBe(403);
    expect(await refusal(url, { Origin: 'null' })).toBe(403);
    expect(await refusal(url, { Origin: `http://127.0.0.1:${server.port}` })).toBe(101);
    expect(await refusal(url, { Origin: `http://localhost:${server.port}` })).toBe(101);
  });

  it('answers requests by delegating to FleetService.handle', async () => {
    const client = await connect(apiUrl(server.url));
    expect(await client.call('app.info', {})).toEqual(ok(fakeAppInfo));
    expect(await client.call('repo.open', { path: '/nope' })).toEqual(fail('path_not_found', 'No such folder.'));
    const unknown = await client.callRaw('no.such', {});
    expect(unknown.ok).toBe(false);
    expect(fleet.calls.map((c) => c.command)).toEqual(['app.info', 'repo.open', 'no.such']);
    expect(fleet.calls[1]?.params).toEqual({ path: '/nope' });
    await client.close();
  });

  it('pushes fleet events to every client', async () => {
    const a = await connect(apiUrl(server.url));
    const b = await connect(apiUrl(server.url));
    await waitFor(() => fleet.listenerCount() === 2, 20_000, 'two subscriptions');
    fleet.emit(batch('first'));
    for (const client of [a, b]) {
      const message = await client.waitForMessage((m) => m.kind === 'event');
      expect(message).toEqual({ kind: 'event', event: batch('first') });
    }
    await Promise.all([a.close(), b.close()]);
  });

  it('answers a malformed request with invalid_request, says why it refused garbage, and stays up', async () => {
    const client = await connect(apiUrl(server.url));
    client.sendRaw('{ not json');
    client.sendRaw(JSON.stringify({ hello: 'world' }));
    client.sendRaw(JSON.stringify({ kind: 'request', id: 7, params: {} }));
    const answered = await client.waitForMessage((m) => m.kind === 'response' && m.id === 7);
    expect(answered.kind === 'response' && answered.result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const refused = client.messages.filter((m) => m?.kind === 'error');
    expect(refused).toEqual([
      { kind: 'error', error: { code: 'invalid_request', message: expect.stringContaining('not JSON') } },
      { kind: 'error', error: { code: 'invalid_request', message: expect.stringContaining('Malformed request') } },
    ]);
    expect(await client.call('app.info', {})).toEqual(ok(fakeAppInfo));
    expect(logs.length).toBe(3);
    expect(fleet.calls.map((c) => c.command)).toEqual(['app.info']);
    await client.close();
  });

  it('disposes a connection\'s subscription when it closes, and all of them on server close', async () => {
    const a = await connect(apiUrl(server.url));
    await waitFor(() => fleet.listenerCount() === 1, 20_000, 'subscription');
    await a.close();
    await waitFor(() => fleet.listenerCount() === 0, 20_000, 'unsubscribe on close');

    const b = await connect(apiUrl(server.url));
    const closed = new Promise((resolve) => b.socket.once('close', resolve));
    await waitFor(() => fleet.listenerCount() === 1, 20_000, 'subscription');
    await server.close();
    expect(fleet.listenerCount()).toBe(0);
    await closed;
  });
});

describe('startServer: backpressure and binding', () => {
  it('drops a client that stops reading instead of buffering without bound', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flotilla-server-'));
    const fleet = createFakeFleet();
    const logs: string[] = [];
    const server = await startServer({ fleet, rendererDir: dir, maxBufferedBytes: 256 * 1024, log: (l) => logs.push(l) });
    const client = await connect(apiUrl(server.url));
    await waitFor(() => fleet.listenerCount() === 1, 20_000, 'subscription');
    client.socket.pause();
    const big = batch('x'.repeat(256 * 1024));
    // The kernel's socket buffers absorb some first; the loop ends when the server gives up.
    for (let i = 0; i < 5_000 && fleet.listenerCount() > 0; i++) {
      fleet.emit(big);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(fleet.listenerCount()).toBe(0);
    expect(logs.some((line) => line.includes('dropping a client'))).toBe(true);
    client.socket.terminate();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns when bound to a non-loopback address and accepts the origin the browser used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flotilla-server-'));
    const logs: string[] = [];
    const server = await startServer({ fleet: createFakeFleet(), host: '0.0.0.0', rendererDir: dir, log: (l) => logs.push(l) });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^warning: listening on 0\.0\.0\.0/);
    const url = apiUrl(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(await refusal(url, { Origin: `http://127.0.0.1:${server.port}` })).toBe(101);
    expect(await refusal(url, { Origin: 'http://evil.example' })).toBe(403);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects when the port is taken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flotilla-server-'));
    const first = await startServer({ fleet: createFakeFleet(), rendererDir: dir });
    await expect(startServer({ fleet: createFakeFleet(), rendererDir: dir, port: first.port })).rejects.toThrow(/EADDRINUSE/);
    await first.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
