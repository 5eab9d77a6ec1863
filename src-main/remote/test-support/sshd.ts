/**
 * A real OpenSSH server for the tests: `sshd -D -e` on 127.0.0.1 at a free port, with a throwaway
 * host key and one authorized test key, run as the current user (root in CI). Its environment
 * for sessions (PATH, HOME) is the test's choice, through SetEnv, so a "remote" can lack node or
 * live in a temp dir. Connections are served by children of the sshd, which the test can kill.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { satisfies } from '../node-range';

export const SSHD = '/usr/sbin/sshd';

export interface TestSshd {
  port: number;
  /** The client key (unencrypted) authorized for the current user. */
  clientKey: string;
  /** The host's public key line, as known_hosts would hold it after the host name. */
  hostPublicKey: string;
  /** The SHA256 fingerprint of the host key, as ssh-keygen prints it. */
  hostFingerprint: string;
  user: string;
  /** Kills (SIGKILL) every child of the sshd, i.e. every connection it serves; resolves with their pids. */
  killConnections(): number[];
  stop(): Promise<void>;
}

export async function startSshd(sessionEnv: Record<string, string>): Promise<TestSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-sshd-'));
  const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  keygen(join(dir, 'host_key'));
  keygen(join(dir, 'client_key'));
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  const port = await freePort();
  // One SetEnv line: sshd keeps only the first SetEnv directive it reads.
  const setEnv = `SetEnv ${Object.entries(sessionEnv).map(([key, value]) => `${key}=${value}`).join(' ')}`;
  writeFileSync(
    join(dir, 'sshd_config'),
    `ListenAddress 127.0.0.1
Port ${port}
HostKey ${join(dir, 'host_key')}
PidFile ${join(dir, 'sshd.pid')}
AuthorizedKeysFile ${join(dir, 'authorized_keys')}
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
AllowTcpForwarding local
Subsystem sftp internal-sftp
${setEnv}
`,
  );
  // sshd's privilege-separation directory is compiled in; a container that never ran the service lacks it.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  await waitForListening(child, () => log);
  const hostPub = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(/\s+/);
  const fingerprint = execFileSync('ssh-keygen', ['-lf', join(dir, 'host_key.pub')], { encoding: 'utf8' }).split(/\s+/)[1]!;
  return {
    port,
    clientKey: join(dir, 'client_key'),
    hostPublicKey: `${hostPub[0]} ${hostPub[1]}`,
    hostFingerprint: fingerprint,
    user: execFileSync('id', ['-un'], { encoding: 'utf8' }).trim(),
    killConnections: () => killChildren(child.pid!),
    stop: async () => {
      killChildren(child.pid!);
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function waitForListening(child: ChildProcess, log: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (/Server listening on/.test(log())) return done(resolve);
    };
    const done = (fn: () => void) => {
      child.stderr!.off('data', check);
      child.off('exit', exited);
      fn();
    };
    const exited = () => done(() => reject(new Error(`sshd exited: ${log()}`)));
    child.stderr!.on('data', check);
    child.once('exit', exited);
  });
}

function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

function killChildren(pid: number): number[] {
  const children = childrenOf(pid);
  for (const child of children) {
    try {
      process.kill(child, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return children;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A directory holding a `node` that satisfies package.json engines, for the "remote"'s PATH: the
 * Node running the tests when it does (CI installs Node 22), else the Node 22 that .ci/run keeps
 * in its cache, else null (a developer on an older Node; the tests say so and skip outside CI).
 */
export function remoteNodeDir(range: string): string | null {
  const cached = join(process.env.FLOTILLA_CI_NODE_PREFIX ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'flotilla-ci', 'node-22'), 'bin');
  if (satisfies(process.version, range)) return dirname(process.execPath);
  if (!existsSync(join(cached, 'node'))) return null;
  const version = execFileSync(join(cached, 'node'), ['--version'], { encoding: 'utf8' }).trim();
  return satisfies(version, range) ? cached : null;
}
