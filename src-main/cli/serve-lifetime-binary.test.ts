/**
 * `flotilla serve` stops when the process that started it goes away. `npx flotilla serve` runs the
 * server under npm and a shell; a SIGTERM to npx can kill those without reaching the server, which
 * used to keep running, orphaned, holding its port and the fleet's lock.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiUrl, connect, waitFor } from '../server/test-support/ws-test-client';
import { processAlive } from '../terminal/process-group';

const BIN = join(__dirname, '..', '..', 'bin', 'flotilla.cjs');

/** A parent like npx's: starts the server and dies on SIGTERM without passing it on. */
const LAUNCHER = `
const { spawn } = require('node:child_process');
spawn(process.execPath, [process.argv[1], 'serve', '--port', '0', '--demo'], { stdio: ['ignore', 'inherit', 'inherit'] });
setInterval(() => undefined, 1000);
`;

function readServerFile(home: string): { url: string; pid: number } | null {
  try {
    return JSON.parse(readFileSync(join(home, 'server.json'), 'utf8')) as { url: string; pid: number };
  } catch {
    return null;
  }
}

describe('the lifetime of flotilla serve', () => {
  let home: string;
  let serverPid: number | null;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'flotilla-serve-life-'));
    serverPid = null;
  });
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    if (serverPid !== null && processAlive(serverPid)) process.kill(serverPid, 'SIGKILL');
    rmSync(home, { recursive: true, force: true });
  });

  /** Starts `serve` through `args` and waits until it answers on its URL. */
  async function startServe(args: string[]): Promise<{ parent: ChildProcess; pid: number }> {
    const parent = spawn(process.execPath, args, { env: { ...process.env, FLOTILLA_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(parent);
    await waitFor(() => readServerFile(home) !== null || parent.exitCode !== null, 30_000, 'server.json');
    const file = readServerFile(home)!;
    serverPid = file.pid;
    const client = await connect(apiUrl(file.url));
    expect(await client.call('app.info', {})).toMatchObject({ ok: true, value: { dataDir: home } });
    await client.close();
    return { parent, pid: file.pid };
  }

  it('stops, removing server.json, when its parent dies of a SIGTERM it did not pass on', async () => {
    const { parent, pid } = await startServe(['-e', LAUNCHER, BIN]);
    expect(pid).not.toBe(parent.pid);
    const parentGone = new Promise((resolve) => parent.once('exit', resolve));
    parent.kill('SIGTERM');
    await parentGone;
    await waitFor(() => !processAlive(pid), 30_000, 'the orphaned server to stop');
    expect(existsSync(join(home, 'server.json'))).toBe(false);
  }, 90_000);

  it('stops cleanly on SIGHUP (its terminal closed)', async () => {
    const { parent, pid } = await startServe([BIN, 'serve', '--port', '0', '--demo']);
    expect(pid).toBe(parent.pid);
    const exited = new Promise<number | null>((resolve) => parent.once('exit', (code) => resolve(code)));
    parent.kill('SIGHUP');
    expect(await exited).toBe(0);
    expect(existsSync(join(home, 'server.json'))).toBe(false);
  }, 90_000);
});
