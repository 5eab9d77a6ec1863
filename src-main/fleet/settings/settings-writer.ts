/**
 * Edits settings.json from the Settings view. Only `providers` and `defaultProvider` change; every
 * other field (and a provider's contextWindow/compactAt) is kept as the user wrote it. The write is
 * atomic (temp file + rename) so a crash never leaves half a file.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { fail, ok, type Result } from '../../../src-shared/protocol/api';
import type { ProviderEdit } from '../../../src-shared/protocol/api-settings';
import { settingsPath } from './settings';

type RawSettings = Record<string, unknown> & { providers?: Record<string, unknown>[]; defaultProvider?: string };

export async function readRawSettings(dataDir: string): Promise<Result<RawSettings>> {
  const path = settingsPath(dataDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok({});
    return fail('internal', `Cannot read ${path}: ${(error as Error).message}.`);
  }
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not an object');
    const raw = json as RawSettings;
    if (raw.providers !== undefined && !Array.isArray(raw.providers)) throw new Error('"providers" is not a list');
    return ok(raw);
  } catch (error) {
    return fail('invalid_request', `${path} is not valid settings (${(error as Error).message}). Fix or delete it, then try again.`);
  }
}

export async function writeRawSettings(dataDir: string, raw: RawSettings): Promise<void> {
  const path = settingsPath(dataDir);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(raw, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path);
}

/** A message for the first problem with this provider, or null when it can be saved. */
export function providerProblem(provider: ProviderEdit, others: readonly Record<string, unknown>[]): string | null {
  if (others.some((p) => p['label'] === provider.label)) return `A provider named "${provider.label}" already exists; choose another label.`;
  let url: URL;
  try {
    url = new URL(provider.baseUrl);
  } catch {
    return `"${provider.baseUrl}" is not a URL; give the model server's base URL, like https://api.openai.com/v1.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `The base URL must start with http:// or https://, not ${url.protocol}.`;
  if (provider.apiKeyEnv !== null && provider.apiKeyEnv !== '' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(provider.apiKeyEnv)) {
    return `"${provider.apiKeyEnv}" is not an environment variable name (letters, digits and _).`;
  }
  return null;
}

/** The provider as settings.json stores it, keeping fields the Settings view does not edit. */
export function providerEntry(provider: ProviderEdit, previous: Record<string, unknown> | undefined): Record<string, unknown> {
  const { apiKeyEnv, reasoningEffort, ...rest } = provider;
  const kept = { ...previous };
  delete kept['apiKeyEnv'];
  delete kept['reasoningEffort'];
  return {
    ...kept,
    ...rest,
    ...(apiKeyEnv ? { apiKeyEnv } : {}),
    ...(reasoningEffort ? { reasoningEffort } : {}),
  };
}
