/**
 * Host keys, as ssh checks them: a key is trusted when a known_hosts entry for the host holds it
 * (Flotilla's own `<dataDir>/known_hosts`, where accepted keys go, or the user's
 * `~/.ssh/known_hosts`, read only). A host with entries but none holding this key has changed its
 * key, which is refused as loudly as ssh does. Hashed host names (`|1|salt|hash`) are understood.
 */
import { createHash, createHmac } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hostPortLabel } from './host-record';

export type HostKeyVerdict =
  | { kind: 'trusted' }
  | { kind: 'unknown'; fingerprint: string; keyType: string }
  | { kind: 'changed'; fingerprint: string; keyType: string; files: string[] }
  | { kind: 'revoked'; fingerprint: string; files: string[] };

export interface KnownHostsFiles {
  /** Where accepted keys are written. */
  own: string;
  /** Read too, never written. */
  user: string;
}

export function knownHostsFiles(dataDir: string, home: string): KnownHostsFiles {
  return { own: join(dataDir, 'known_hosts'), user: join(home, '.ssh', 'known_hosts') };
}

/** OpenSSH's SHA256 fingerprint of a key blob: `SHA256:` and unpadded base64. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named at the start of an SSH key blob (a length-prefixed string). */
export function keyTypeOf(keyBlob: Buffer): string {
  const length = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

interface Entry {
  marker: string | null;
  hosts: string;
  key: string;
  file: string;
}

export function verifyHostKey(files: KnownHostsFiles, host: string, port: number, keyBlob: Buffer): HostKeyVerdict {
  const label = hostPortLabel(host, port);
  const key = keyBlob.toString('base64');
  const entries = [files.own, files.user].flatMap(readEntries).filter((entry) => entry.marker !== '@cert-authority' && hostsMatch(entry.hosts, label));
  const fingerprint = fingerprintOf(keyBlob);
  const revoked = entries.filter((entry) => entry.marker === '@revoked' && entry.key === key);
  if (revoked.length > 0) return { kind: 'revoked', fingerprint, files: unique(revoked.map((e) => e.file)) };
  const plain = entries.filter((entry) => entry.marker === null);
  if (plain.some((entry) => entry.key === key)) return { kind: 'trusted' };
  if (plain.length === 0) return { kind: 'unknown', fingerprint, keyType: keyTypeOf(keyBlob) };
  return { kind: 'changed', fingerprint, keyType: keyTypeOf(keyBlob), files: unique(plain.map((e) => e.file)) };
}

/** Records the key in Flotilla's own file, replacing what that file held for the host. */
export function acceptHostKey(files: KnownHostsFiles, host: string, port: number, keyBlob: Buffer): void {
  const label = hostPortLabel(host, port);
  const kept = readLines(files.own).filter((line) => {
    const entry = parseLine(line, files.own);
    return entry === null || !hostsMatch(entry.hosts, label);
  });
  mkdirSync(dirname(files.own), { recursive: true, mode: 0o700 });
  writeFileSync(files.own, kept.map((line) => `${line}\n`).join(''), { mode: 0o600 });
  appendFileSync(files.own, `${label} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}\n`);
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
  } catch {
    return [];
  }
}

function readEntries(file: string): Entry[] {
  return readLines(file).flatMap((line) => parseLine(line, file) ?? []);
}

function parseLine(line: string, file: string): Entry | null {
  const fields = line.trim().split(/\s+/);
  if (fields[0]?.startsWith('#')) return null;
  const marker = fields[0]?.startsWith('@') ? fields.shift()! : null;
  const [hosts, , key] = fields;
  if (hosts === undefined || key === undefined) return null;
  return { marker, hosts, key, file };
}

function hostsMatch(hosts: string, label: string): boolean {
  if (hosts.startsWith('|1|')) return hashedMatch(hosts, label);
  let matched = false;
  for (const pattern of hosts.split(',')) {
    const negated = pattern.startsWith('!');
    if (!globMatch(negated ? pattern.slice(1) : pattern, label)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function hashedMatch(hashed: string, label: string): boolean {
  const [, , salt, hash] = hashed.split('|');
  if (salt === undefined || hash === undefined) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(label).digest('base64') === hash;
}

function globMatch(glob: string, label: string): boolean {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i').test(label);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
