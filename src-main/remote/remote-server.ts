/**
 * Keeps one `flotilla serve` running on the remote, from the install that matches this side: a
 * server from another install (another version or build) is stopped and the current one started.
 * It listens on the remote's loopback only (serve's default, port chosen by the system) and runs
 * detached (setsid), so a dropped SSH connection leaves it, and its agents, running.
 */
import { posix } from 'node:path';
import type { Client } from 'ssh2';
import { z } from 'zod';
import { installDir, type RemoteLayout } from './install-bundle';
import type { ServerBundle } from './server-bundle';
import { execRemote, shellQuote } from './ssh-connect';

export interface RemoteServer {
  url: string;
  token: string;
  pid: number;
  installId: string;
}

const ServerFileSchema = z.object({ url: z.string(), token: z.string(), pid: z.number().int() });
const RunningSchema = z.object({ installId: z.string(), pid: z.number().int() });
const ReadSchema = z.object({ server: ServerFileSchema.nullable(), running: RunningSchema.nullable() });

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
const POLL_MS = 200;

function runningFile(layout: RemoteLayout): string {
  return posix.join(layout.serverRoot, 'running.json');
}

/** The server recorded on the remote whose process is alive, or null. Run with the remote's node. */
export async function readRemoteServer(ssh: Client, node: string, layout: RemoteLayout): Promise<RemoteServer | null> {
  const script = `
    const fs = require('fs');
    const read = (f) => { try { return JSON.parse(fs.readFileSync(f, 'utf8')); } catch { return null; } };
    const alive = (p) => { try { process.kill(p, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
    const server = read(process.argv[1]); const running = read(process.argv[2]);
    const ok = (r) => r && typeof r.pid === 'number' && alive(r.pid) ? r : null;
    process.stdout.write(JSON.stringify({ server: ok(server), running: ok(running) }));`;
  const result = await execRemote(ssh, `${shellQuote(node)} -e ${shellQuote(script)} ${shellQuote(posix.join(layout.dataDir, 'server.json'))} ${shellQuote(runningFile(layout))}`);
  if (result.code !== 0) throw new Error(`Could not read the remote server's state: ${result.stderr.trim()}`);
  const read = ReadSchema.parse(JSON.parse(result.stdout));
  if (!read.server || !read.running || read.server.pid !== read.running.pid) return null;
  return { ...read.server, installId: read.running.installId };
}

export interface EnsureOptions {
  node: string;
  demo: boolean;
  /** Said while it waits: "stopping the old server", "starting the server". */
  progress?: (line: string) => void;
}

/** Returns the running server of this install, starting it (and stopping another) as needed. */
export async function ensureRemoteServer(ssh: Client, layout: RemoteLayout, bundle: ServerBundle, options: EnsureOptions): Promise<RemoteServer> {
  const current = await readRemoteServer(ssh, options.node, layout);
  if (current?.installId === bundle.installId) return current;
  if (current) {
    options.progress?.(`Stopping the remote server of install ${current.installId} (this side is ${bundle.installId})`);
    await stopRemoteServer(ssh, current.pid);
  }
  options.progress?.('Starting flotilla serve on the remote');
  return startRemoteServer(ssh, layout, bundle, options);
}

async function startRemoteServer(ssh: Client, layout: RemoteLayout, bundle: ServerBundle, options: EnsureOptions): Promise<RemoteServer> {
  const dir = installDir(layout, bundle);
  const log = posix.join(layout.serverRoot, 'serve.log');
  const args = ['dist/main/cli.cjs', 'serve', '--detached', ...(options.demo ? ['--demo'] : [])];
  // Started by the remote's node itself: `detached` is setsid() in the child, so nothing the SSH
  // session does on its way out reaches the server, and the pid printed is the server's own.
  const launcher = `
    const fs = require('fs');
    const [log, running, installId, ...args] = process.argv.slice(1);
    const out = fs.openSync(log, 'a');
    const child = require('child_process').spawn(process.execPath, args, { detached: true, stdio: ['ignore', out, out] });
    fs.writeFileSync(running, JSON.stringify({ installId, pid: child.pid }) + '\\n', { mode: 0o600 });
    process.stdout.write(String(child.pid));
    child.unref();`;
  const command =
    `cd ${shellQuote(dir)} && FLOTILLA_HOME=${shellQuote(layout.dataDir)} ${shellQuote(options.node)} -e ${shellQuote(launcher)} ` +
    [log, runningFile(layout), bundle.installId, ...args].map(shellQuote).join(' ');
  const started = await execRemote(ssh, command);
  const pid = Number(started.stdout.trim());
  if (started.code !== 0 || !Number.isInteger(pid)) throw new Error(`Could not start flotilla serve on the remote: ${started.stderr.trim()}`);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const server = await readRemoteServer(ssh, options.node, layout);
    if (server?.pid === pid) return server;
    const alive = await execRemote(ssh, `kill -0 ${pid}`);
    if (alive.code !== 0) throw new Error(`flotilla serve exited on the remote before it listened. Its log (${log}):\n${await tail(ssh, log)}`);
    await delay(POLL_MS);
  }
  throw new Error(`flotilla serve on the remote did not start listening within ${START_TIMEOUT_MS / 1000} s. Its log (${log}):\n${await tail(ssh, log)}`);
}

/** SIGTERM (serve shuts its agents down), then SIGKILL if it will not go. */
export async function stopRemoteServer(ssh: Client, pid: number): Promise<void> {
  await execRemote(ssh, `kill ${pid} 2>/dev/null`);
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if ((await execRemote(ssh, `kill -0 ${pid} 2>/dev/null`)).code !== 0) return;
    await delay(POLL_MS);
  }
  await execRemote(ssh, `kill -9 ${pid} 2>/dev/null`);
}

async function tail(ssh: Client, file: string): Promise<string> {
  return (await execRemote(ssh, `tail -n 20 ${shellQuote(file)} 2>&1`)).stdout.trim();
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
