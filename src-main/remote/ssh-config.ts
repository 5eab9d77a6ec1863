/**
 * Just enough of ~/.ssh/config to turn an alias into a host record: the first value of HostName,
 * User, Port and IdentityFile from every `Host` block whose patterns match, as ssh reads them.
 * Match blocks, Include and tokens other than %d/~ are not followed; an alias that needs them
 * can be added as user@host:port instead.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SshConfigEntry {
  hostName?: string;
  user?: string;
  port?: number;
  identityFile?: string;
}

export function readSshConfig(home: string): string {
  try {
    return readFileSync(join(home, '.ssh', 'config'), 'utf8');
  } catch {
    return '';
  }
}

export function lookupSshConfig(text: string, alias: string, home: string): SshConfigEntry {
  const entry: SshConfigEntry = {};
  let applies = true;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(\S+?)\s*(?:=\s*|\s+)(.*)$/.exec(line);
    if (!match) continue;
    const key = match[1]!.toLowerCase();
    const value = unquote(match[2]!.trim());
    if (key === 'host') applies = hostPatternsMatch(value, alias);
    else if (key === 'match') applies = false;
    else if (applies) setFirst(entry, key, value, home);
  }
  return entry;
}

function setFirst(entry: SshConfigEntry, key: string, value: string, home: string): void {
  if (key === 'hostname') entry.hostName ??= value;
  else if (key === 'user') entry.user ??= value;
  else if (key === 'port') entry.port ??= Number(value);
  else if (key === 'identityfile') entry.identityFile ??= value.replace(/^~(?=\/|$)/, home).replace(/%d/g, home);
}

function hostPatternsMatch(patterns: string, alias: string): boolean {
  let matched = false;
  for (const pattern of patterns.split(/\s+/)) {
    const negated = pattern.startsWith('!');
    if (!globToRegExp(negated ? pattern.slice(1) : pattern).test(alias)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
