/**
 * The hosts a user added (`flotilla hosts add`), kept in `<dataDir>/hosts.json`. A record says how
 * to reach the machine and how to authenticate (the SSH agent or a key file), never a password:
 * Flotilla stores no secret of its own for a host.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

export const HOST_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export const HostAuthSchema = z.discriminatedUnion('kind', [
  /** Keys held by the SSH agent at $SSH_AUTH_SOCK when Flotilla connects. */
  z.object({ kind: z.literal('agent') }),
  /** A private key file (unencrypted, or decrypted by the agent: Flotilla asks for no passphrase). */
  z.object({ kind: z.literal('key'), path: z.string().min(1) }),
]);
export type HostAuth = z.infer<typeof HostAuthSchema>;

export const HostRecordSchema = z.object({
  name: z.string().regex(HOST_NAME_PATTERN),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  user: z.string().min(1),
  auth: HostAuthSchema,
  /** The remote fleet runs agents on the built-in demo model (no API key needed there). */
  demo: z.boolean().default(false),
});
export type HostRecord = z.infer<typeof HostRecordSchema>;

const HostsFileSchema = z.object({ hosts: z.array(HostRecordSchema) });

export function hostsFilePath(dataDir: string): string {
  return join(dataDir, 'hosts.json');
}

export function loadHosts(dataDir: string): HostRecord[] {
  let text: string;
  try {
    text = readFileSync(hostsFilePath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const parsed = HostsFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${hostsFilePath(dataDir)} is not a Flotilla hosts file; fix or remove it.`);
  return parsed.data.hosts;
}

/** Written whole to a temporary file and renamed, so a crash never leaves half a file. */
export function saveHosts(dataDir: string, hosts: HostRecord[]): void {
  const file = hostsFilePath(dataDir);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(`${file}.tmp`, `${JSON.stringify({ hosts }, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function findHost(dataDir: string, name: string): HostRecord | undefined {
  return loadHosts(dataDir).find((host) => host.name === name);
}

/** Adds or replaces the record of that name. */
export function putHost(dataDir: string, record: HostRecord): void {
  saveHosts(dataDir, [...loadHosts(dataDir).filter((host) => host.name !== record.name), record]);
}

export function removeHost(dataDir: string, name: string): boolean {
  const hosts = loadHosts(dataDir);
  const kept = hosts.filter((host) => host.name !== name);
  if (kept.length === hosts.length) return false;
  saveHosts(dataDir, kept);
  return true;
}

/** `[host]:port` as known_hosts and messages write it; the bare name on port 22. */
export function hostPortLabel(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}
