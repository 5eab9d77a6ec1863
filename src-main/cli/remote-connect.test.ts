// Finding and connecting to the server of a data dir, against a real HTTP + WebSocket server.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok } from '../../src-shared/protocol/api';
import { createFakeFleet, fakeAppInfo } from '../server/test-support/fake-fleet';
import { startServer, type RunningServer } from '../server/server';
import { waitFor } from '../server/test-support/ws-test-client';
import { apiSocketUrl, connectToServer } from './remote-connect';
import { serverFilePath, writeServerFile } from './server-file';

let dataDir: string;
let server: RunningServer | null = null;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'flotilla-remote-'));
});

afterEach(async () => {
  await server?.close();
  server = null;
  rmSync(dataDir, { recursive: true, force: true });
});

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('connectToServer', () => {
  it('without server.json says no server runs for the data dir (exit 2)', async () => {
    const connection = await connectToServer(dataDir);
    expect(connection).toEqual({
      ok: false,
      message: `No Flotilla server is running for ${dataDir}. Start one with \`flotilla serve\`.`,
      exitCode: 2,
    });
  });

  it('with the pid of a process that is gone says the server is no longer running', async () => {
    const pid = deadPid();
    writeServerFile(dataDir, { url: 'http://127.0.0.1:9/?token=abc', token: 'abc', pid });
    const connection = await connectToServer(dataDir);
    expect(connection).toMatchObject({ ok: false, exitCode: 2 });
    expect(!connection.ok && connection.message).toBe(
      `The Flotilla server recorded in ${serverFilePath(dataDir)} (pid ${pid}) is no longer running. Start one with \`flotilla serve\`.`,
    );
  });

  it('with nothing listening at the recorded port says that server has stopped, without the token', async () => {
    const port = await freePort();
    writeServerFile(dataDir, { url: `http://127.0.0.1:${port}/?token=secret-token`, token: 'secret-token', pid: process.pid });
    const connection = await connectToServer(dataDir);
    expect(connection).toMatchObject({ ok: false, exitCode: 2 });
    const message = connection.ok ? '' : connection.message;
    expect(message).toContain(`Nothing is listening at 127.0.0.1:${port}`);
    expect(message).not.toContain('secret-token');
  });

  it('a malformed server.json is named, with what to do', async () => {
    writeServerFile(dataDir, { url: 'x', token: '', pid: 1 });
    const connection = await connectToServer(dataDir);
    expect(connection).toMatchObject({ ok: false, exitCode: 1 });
    expect(!connection.ok && connection.message).toBe(`${serverFilePath(dataDir)} is not a Flotilla server file; restart \`flotilla serve\`.`);
  });

  it('a wrong token is a 401 with the exact message', async () => {
    server = await startServer({ fleet: createFakeFleet(), rendererDir: dataDir, log: () => undefined });
    writeServerFile(dataDir, { url: server.url, token: 'not-the-token', pid: process.pid });
    const connection = await connectToServer(dataDir);
    expect(connection).toEqual({
      ok: false,
      message: `The server rejected the token in ${serverFilePath(dataDir)}; restart \`flotilla serve\`.`,
      exitCode: 1,
    });
  });

  it('connects with the recorded token, validates results and receives events', async () => {
    const fleet = createFakeFleet({
      'app.info': () => ok({ ...fakeAppInfo, providers: [] }),
      'threads.list': () => ok([{ id: 'not a summary' }]),
    });
    server = await startServer({ fleet, rendererDir: dataDir, log: () => undefined });
    writeServerFile(dataDir, { url: server.url, token: server.token, pid: process.pid });
    const connection = await connectToServer(dataDir);
    if (!connection.ok) throw new Error(connection.message);
    const client = connection.client;
    try {
      expect(await client.call('app.info', {})).toMatchObject({ ok: true, value: { version: '0.0.0-test' } });
      const listed = await client.call('threads.list', {});
      expect(listed).toMatchObject({ ok: false, error: { code: 'internal' } });
      expect(await client.call('thread.pause', { threadId: 'x' })).toEqual({
        ok: false,
        error: { code: 'unknown_command', message: 'Unknown command: thread.pause' },
      });
      const batches: unknown[] = [];
      const off = client.onEvent((batch) => batches.push(batch));
      await waitFor(() => fleet.listenerCount() > 0, 10_000, 'the server to subscribe');
      fleet.emit({ type: 'batch', events: [], threads: [] });
      await waitFor(() => batches.length === 1, 10_000, 'the batch');
      off();
    } finally {
      await client.close();
    }
  });

  it('a fake app.info missing required fields is reported as a contract mismatch', async () => {
    server = await startServer({ fleet: createFakeFleet({ 'app.info': () => ok({ version: '0.0.0-test' }) }), rendererDir: dataDir, log: () => undefined });
    writeServerFile(dataDir, { url: server.url, token: server.token, pid: process.pid });
    const connection = await connectToServer(dataDir);
    if (!connection.ok) throw new Error(connection.message);
    const info = await connection.client.call('app.info', {});
    await connection.client.close();
    expect(info).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('API contract') } });
  });
});

describe('apiSocketUrl', () => {
  it('points at /api on the same host and port, with the token', () => {
    expect(apiSocketUrl('http://127.0.0.1:4000/?token=zz', 'zz')).toBe('ws://127.0.0.1:4000/api?token=zz');
    expect(apiSocketUrl('http://0.0.0.0:4000/?token=zz', 'zz')).toBe('ws://127.0.0.1:4000/api?token=zz');
    expect(apiSocketUrl('http://[::1]:4000/?token=zz', 'zz')).toBe('ws://[::1]:4000/api?token=zz');
  });
});
