/**
 * Opens an SSH connection to a host record with ssh2: the host key checked against known_hosts
 * before anything is sent, the SSH agent or a key file for authentication, keepalives so a dead
 * link is noticed within seconds. Every way it can fail is a message that says what to do.
 */
import { readFileSync } from 'node:fs';
import { Client, type ConnectConfig } from 'ssh2';
import { hostPortLabel, type HostRecord } from './host-record';
import { acceptHostKey, verifyHostKey, type HostKeyVerdict, type KnownHostsFiles } from './known-hosts';

export interface SshConnectOptions {
  knownHosts: KnownHostsFiles;
  env: NodeJS.ProcessEnv;
  /** A fingerprint the user accepted for this host (`--accept-host-key`): recorded once it is seen. */
  acceptFingerprint?: string;
  readyTimeoutMs?: number;
}

export type SshFailure =
  | { kind: 'host_key'; verdict: Exclude<HostKeyVerdict, { kind: 'trusted' }>; message: string }
  | { kind: 'auth'; message: string }
  | { kind: 'network'; message: string };

export type SshOpened = { ok: true; ssh: Client } | { ok: false; failure: SshFailure };

const KEEPALIVE_MS = 3000;
const KEEPALIVE_MISSES = 3;

export function connectSsh(record: HostRecord, options: SshConnectOptions): Promise<SshOpened> {
  const auth = authConfig(record, options.env);
  if (!auth.ok) return Promise.resolve({ ok: false, failure: { kind: 'auth', message: auth.message } });
  return new Promise((resolve) => {
    const ssh = new Client();
    let refusedKey: SshFailure | null = null;
    const config: ConnectConfig = {
      host: record.host,
      port: record.port,
      username: record.user,
      ...auth.config,
      readyTimeout: options.readyTimeoutMs ?? 20_000,
      keepaliveInterval: KEEPALIVE_MS,
      keepaliveCountMax: KEEPALIVE_MISSES,
      hostVerifier: (key: Buffer) => {
        refusedKey = checkKey(record, options, key);
        return refusedKey === null;
      },
    };
    ssh.once('ready', () => {
      // API messages are small and answered at once: Nagle's algorithm would hold each for a
      // delayed ACK (40 ms a round trip, measured by `npm run bench`).
      ssh.setNoDelay(true);
      resolve({ ok: true, ssh });
    });
    ssh.once('error', (error: Error & { level?: string }) => {
      ssh.end();
      resolve({ ok: false, failure: refusedKey ?? describeError(record, error) });
    });
    ssh.connect(config);
  });
}

function checkKey(record: HostRecord, options: SshConnectOptions, key: Buffer): SshFailure | null {
  const verdict = verifyHostKey(options.knownHosts, record.host, record.port, key);
  if (verdict.kind === 'trusted') return null;
  if (verdict.kind !== 'revoked' && options.acceptFingerprint === verdict.fingerprint) {
    acceptHostKey(options.knownHosts, record.host, record.port, key);
    return null;
  }
  return { kind: 'host_key', verdict, message: hostKeyMessage(record, verdict, options.acceptFingerprint) };
}

export function hostKeyMessage(record: HostRecord, verdict: Exclude<HostKeyVerdict, { kind: 'trusted' }>, offered?: string): string {
  const where = hostPortLabel(record.host, record.port);
  const accept = `If it is the key you expect (compare with \`ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub\` on the host), accept it with --accept-host-key ${verdict.fingerprint}.`;
  const mismatch = offered !== undefined ? ` The fingerprint you accepted (${offered}) is not the host's.` : '';
  if (verdict.kind === 'revoked') return `The host key of ${where} (${verdict.fingerprint}) is marked @revoked in ${verdict.files.join(', ')}. Not connecting.`;
  if (verdict.kind === 'unknown') {
    return `The authenticity of host ${where} cannot be established: it is not in known_hosts. Its ${verdict.keyType} key fingerprint is ${verdict.fingerprint}.${mismatch} ${accept}`;
  }
  return (
    `WARNING: the host key of ${where} has CHANGED (now ${verdict.keyType} ${verdict.fingerprint}; the key in ${verdict.files.join(', ')} differs). ` +
    `Someone could be intercepting the connection, or the host was reinstalled. Not connecting.${mismatch} ${accept}`
  );
}

type AuthConfig = { ok: true; config: Pick<ConnectConfig, 'agent' | 'privateKey'> } | { ok: false; message: string };

function authConfig(record: HostRecord, env: NodeJS.ProcessEnv): AuthConfig {
  if (record.auth.kind === 'agent') {
    const socket = env.SSH_AUTH_SOCK;
    if (!socket) return { ok: false, message: `Host ${record.name} authenticates through the SSH agent, but SSH_AUTH_SOCK is not set. Start ssh-agent and ssh-add your key, or add the host with --identity FILE.` };
    return { ok: true, config: { agent: socket } };
  }
  try {
    return { ok: true, config: { privateKey: readFileSync(record.auth.path) } };
  } catch (error) {
    return { ok: false, message: `Cannot read the key file ${record.auth.path} of host ${record.name}: ${(error as Error).message}.` };
  }
}

function describeError(record: HostRecord, error: Error & { level?: string }): SshFailure {
  const where = `${record.user}@${hostPortLabel(record.host, record.port)}`;
  if (error.level === 'client-authentication') {
    return { kind: 'auth', message: `${where} refused every key offered (${record.auth.kind === 'agent' ? 'from the SSH agent' : record.auth.path}). Authorize the key on the host (~/.ssh/authorized_keys) or choose another with --identity FILE.` };
  }
  if (/passphrase|encrypted/i.test(error.message)) {
    return { kind: 'auth', message: `The key ${record.auth.kind === 'key' ? record.auth.path : ''} is encrypted; Flotilla asks for no passphrase. Load it into the SSH agent (ssh-add) and add the host without --identity.` };
  }
  return { kind: 'network', message: `Could not reach ${where}: ${error.message}.` };
}

/** Runs one command; resolves with its exit code and output (the command sees no terminal). */
export function execRemote(ssh: Client, command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    ssh.exec(command, (error, channel) => {
      if (error) return reject(error);
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      channel.on('data', (chunk: Buffer) => out.push(chunk));
      channel.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      channel.once('close', (code: number | null) => {
        resolve({ code: code ?? 255, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
      });
    });
  });
}

/** Single-quotes a value for the remote POSIX shell. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
