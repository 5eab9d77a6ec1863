/** The app's key store with a fake safeStorage: ciphertext only on disk, mode 0600, no plain-text fallback. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../git/test-support/temp-repo';
import { createSafeKeyStore, keysPath, type SafeStorageLike } from './safe-key-store';

// Reversible but not plain text, like the real thing as far as the file is concerned.
const fakeSafeStorage = (available: boolean): SafeStorageLike => ({
  isEncryptionAvailable: () => available,
  encryptString: (text) => Buffer.from(`enc:${[...text].reverse().join('')}`),
  decryptString: (data) => [...data.toString().slice(4)].reverse().join(''),
});

describe('safe key store', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('keeps keys encrypted in keys.json (0600), reads them back, and clears them', async () => {
    const store = createSafeKeyStore(dir, fakeSafeStorage(true));
    expect(store.canStore).toBe(true);
    await Promise.all([store.set('OpenAI', 'sk-secret-1'), store.set('Local', 'sk-secret-2')]);
    expect(await store.get('OpenAI')).toBe('sk-secret-1');
    const text = readFileSync(keysPath(dir), 'utf8');
    expect(text).not.toContain('sk-secret');
    expect(statSync(keysPath(dir)).mode & 0o777).toBe(0o600);
    await store.set('OpenAI', null);
    expect([await store.get('OpenAI'), await createSafeKeyStore(dir, fakeSafeStorage(true)).get('Local')]).toEqual([null, 'sk-secret-2']);
  });

  it('stores nothing when the OS offers no encryption', async () => {
    const store = createSafeKeyStore(dir, fakeSafeStorage(false));
    expect(store.canStore).toBe(false);
    await expect(store.set('OpenAI', 'sk-secret')).rejects.toThrow('cannot store keys');
    expect(existsSync(keysPath(dir))).toBe(false);
    expect(await store.get('OpenAI')).toBeNull();
  });
});
