/**
 * `flotilla hosts add NAME [DESTINATION]`: DESTINATION is `[user@]host[:port]` or an alias from
 * ~/.ssh/config (NAME itself when it is left out), turned into a host record. Authentication is
 * the key named with --identity, else the SSH agent when one runs, else the alias's IdentityFile
 * or the first default key (~/.ssh/id_ed25519, id_ecdsa, id_rsa) that exists.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from './args';
import { HOST_NAME_PATTERN, type HostAuth, type HostRecord } from '../remote/host-record';
import { lookupSshConfig, readSshConfig } from '../remote/ssh-config';

export interface DestinationInput {
  name: string;
  destination: string | undefined;
  identity: string | undefined;
  demo: boolean;
  home: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

export function hostRecordFrom(input: DestinationInput): HostRecord {
  if (!HOST_NAME_PATTERN.test(input.name)) throw new UsageError(`"${input.name}" cannot name a host: use letters, digits, dot, dash and underscore.`);
  const parsed = parseDestination(input.destination ?? input.name);
  const config = lookupSshConfig(readSshConfig(input.home), parsed.host, input.home);
  const port = parsed.port ?? config.port ?? 22;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`The port of "${input.destination}" must be from 1 to 65535.`);
  return {
    name: input.name,
    host: config.hostName ?? parsed.host,
    port,
    user: parsed.user ?? config.user ?? input.env.USER ?? userInfo().username,
    auth: chooseAuth(input, config.identityFile),
    demo: input.demo,
  };
}

function parseDestination(text: string): { user?: string; host: string; port?: number } {
  const match = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s]+)(?::(\d+))?$/.exec(text.trim());
  if (!match) throw new UsageError(`"${text}" is not a destination: write user@host, user@host:port or an alias from ~/.ssh/config.`);
  const host = match[2]!.replace(/^\[(.*)\]$/, '$1');
  return { user: match[1], host, port: match[3] === undefined ? undefined : Number(match[3]) };
}

function chooseAuth(input: DestinationInput, configKey: string | undefined): HostAuth {
  if (input.identity !== undefined) {
    const path = resolve(input.cwd, input.identity);
    if (!existsSync(path)) throw new UsageError(`--identity ${input.identity}: no such file.`);
    return { kind: 'key', path };
  }
  if (input.env.SSH_AUTH_SOCK) return { kind: 'agent' };
  const fallback = [configKey, ...DEFAULT_KEYS.map((key) => join(input.home, '.ssh', key))].find((path) => path !== undefined && existsSync(path));
  if (fallback) return { kind: 'key', path: fallback };
  throw new UsageError('No SSH agent is running (SSH_AUTH_SOCK is not set) and no key was found in ~/.ssh: name one with --identity FILE.');
}
