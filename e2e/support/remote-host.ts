/**
 * A "remote" host for the dashboard specs: a real sshd on 127.0.0.1 (src-main/remote/test-support)
 * whose sessions get a HOME of their own holding a repository, and a Flotilla home on this side
 * with that host added (`flotilla hosts add … --accept-host-key`) unless the spec adds it. Stopping it ends the remote
 * `flotilla serve` (it outlives connections by design) and the sshd.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { remoteNodeDir, SSHD, startSshd, type TestSshd } from '../../src-main/remote/test-support/sshd';
import { makeSampleRepo, makeTempDir } from './sample-repo';

const ROOT = join(__dirname, '..', '..');

export interface RemoteHostFixture {
  sshd: TestSshd;
  /** The repository on the remote side, a path as the host knows it. */
  repo: string;
  /** This side's FLOTILLA_HOME and HOME, with the host added. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const nodeDir = remoteNodeDir(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node as string);

/** Why the spec cannot run here, or null (CI always runs it). */
export const remoteHostMissing = existsSync(SSHD) && nodeDir ? null : 'no sshd or no Node for the remote';

/** `added: false` leaves the host for the spec to add (from the dashboard, say). */
export async function startRemoteHost(name: string, { added = true } = {}): Promise<RemoteHostFixture> {
  const remoteHome = makeTempDir('flotilla-e2e-remote-home-');
  const local = makeTempDir('flotilla-e2e-local-');
  const repo = makeSampleRepo();
  const sshd = await startSshd({ HOME: remoteHome, PATH: `${nodeDir}:/usr/bin:/bin` });
  const env = { FLOTILLA_HOME: join(local, 'data'), HOME: join(local, 'home') };
  if (added) {
    execFileSync(process.execPath, [join(ROOT, 'dist/main/cli.cjs'), 'hosts', 'add', name, `${sshd.user}@127.0.0.1:${sshd.port}`, '--identity', sshd.clientKey, '--demo', '--accept-host-key', sshd.hostFingerprint], {
      env: { ...process.env, ...env },
      stdio: 'pipe',
    });
  }
  return {
    sshd,
    repo,
    env,
    async stop() {
      await stopRemoteServe(join(remoteHome, '.flotilla', 'server.json'));
      await sshd.stop();
      for (const dir of [remoteHome, local, repo]) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The remote is this machine: its server's pid is in the remote data dir's server.json. */
async function stopRemoteServe(serverFile: string): Promise<void> {
  if (!existsSync(serverFile)) return;
  const { pid } = JSON.parse(readFileSync(serverFile, 'utf8')) as { pid: number };
  if (!alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
