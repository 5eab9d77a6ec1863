/**
 * The desktop app's KeyStore: API keys encrypted with Electron's safeStorage (the OS keychain or
 * its equivalent), kept as base64 ciphertext in <dataDir>/keys.json (mode 0600). Without OS
 * encryption it stores nothing: a key is never written in plain text.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyStore } from '../fleet/fleet-service';

/** The part of Electron's safeStorage this uses; a fake in tests. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export function keysPath(dataDir: string): string {
  return join(dataDir, 'keys.json');
}

async function readCiphertexts(path: string): Promise<Record<string, string>> {
  try {
    const json: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
    return Object.fromEntries(Object.entries(json).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    // Absent or unreadable: no stored keys; providers fall back to their env vars.
    return {};
  }
}

export function createSafeKeyStore(dataDir: string, safeStorage: SafeStorageLike): KeyStore {
  const path = keysPath(dataDir);
  const canStore = safeStorage.isEncryptionAvailable();
  // Writes go one at a time so two quick edits cannot lose each other.
  let queue: Promise<void> = Promise.resolve();
  return {
    canStore,
    async get(label) {
      if (!canStore) return null;
      const ciphertext = (await readCiphertexts(path))[label];
      if (ciphertext === undefined) return null;
      try {
        return safeStorage.decryptString(Buffer.from(ciphertext, 'base64'));
      } catch {
        return null; // encrypted under another OS user or keychain: as if never stored
      }
    },
    set(label, key) {
      if (!canStore) return Promise.reject(new Error('This Flotilla cannot store keys: the OS offers no encryption.'));
      const write = queue.then(async () => {
        const all = await readCiphertexts(path);
        if (key === null) delete all[label];
        else all[label] = safeStorage.encryptString(key).toString('base64');
        const temp = `${path}.${process.pid}.tmp`;
        await writeFile(temp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
        await rename(temp, path);
      });
      queue = write.catch(() => undefined);
      return write;
    },
  };
}
