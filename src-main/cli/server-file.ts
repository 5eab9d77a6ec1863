/**
 * `<dataDir>/server.json`: how other commands on this machine find a running `flotilla serve`
 * (its URL and token). Readable by the user only, and removed on exit by the server that wrote it.
 */
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServerFile {
  url: string;
  token: string;
  pid: number;
}

export function serverFilePath(dataDir: string): string {
  return join(dataDir, 'server.json');
}

export function writeServerFile(dataDir: string, contents: ServerFile): void {
  const path = serverFilePath(dataDir);
  // A file left by a crashed server keeps its old mode on overwrite; start from nothing.
  rmSync(path, { force: true });
  writeFileSync(path, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

/** Removes the file only if it is still ours: a newer server may have replaced it. */
export function removeServerFile(dataDir: string, pid: number): void {
  const path = serverFilePath(dataDir);
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'pid' in parsed && parsed.pid === pid) rmSync(path, { force: true });
  } catch {
    // Already gone or unreadable: nothing of ours to remove.
  }
}
