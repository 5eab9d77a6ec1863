/** Handlers for the Settings view: providers in settings.json, their keys in the host's key store. */
import { fail, ok, type Result } from '../../../src-shared/protocol/api';
import type { DefaultsEdit, ProviderEdit, SettingsInfo } from '../../../src-shared/protocol/api-settings';
import type { CommandHandlers } from './api-handler';
import type { KeyStore } from '../fleet-service';
import { keyEnvProblem } from '../settings';
import { loadSettings } from '../settings';
import { providerEntry, providerProblem, readRawSettings, writeRawSettings } from '../settings';

type SettingsCommand = 'settings.get' | 'settings.setDefaults' | 'settings.saveProvider' | 'settings.removeProvider' | 'settings.setDefaultProvider' | 'settings.setApiKey';

export const NO_KEY_STORE_MESSAGE =
  'This Flotilla cannot store keys; set apiKeyEnv to the name of an environment variable that holds the key.';

async function settingsInfo(dataDir: string, keyStore: KeyStore | undefined): Promise<Result<SettingsInfo>> {
  const { settings, problem } = await loadSettings(dataDir);
  if (problem) return fail('invalid_request', problem);
  const providers = await Promise.all(
    settings.providers.map(async (p) => ({
      label: p.label,
      api: p.api,
      baseUrl: p.baseUrl,
      model: p.model,
      apiKeyEnv: p.apiKeyEnv ?? null,
      reasoningEffort: p.reasoningEffort ?? null,
      hasStoredKey: keyStore?.canStore ? (await keyStore.get(p.label)) !== null : false,
    })),
  );
  return ok({
    providers,
    defaultProvider: settings.defaultProvider,
    maxAgents: settings.maxAgents,
    approvalMode: settings.approvalMode,
    turnTimeoutMinutes: settings.turnTimeoutMinutes,
    commandTimeoutSeconds: settings.commandTimeoutSeconds,
    canStoreKeys: keyStore?.canStore ?? false,
  });
}

async function saveProvider(dataDir: string, keyStore: KeyStore | undefined, provider: ProviderEdit, previousLabel: string | undefined) {
  const raw = await readRawSettings(dataDir);
  if (!raw.ok) return raw;
  const list = raw.value.providers ?? [];
  const index = previousLabel === undefined ? -1 : list.findIndex((p) => p['label'] === previousLabel);
  if (previousLabel !== undefined && index < 0) return fail('not_found', `No provider "${previousLabel}" to edit; it may have been removed.`);
  const problem = providerProblem(provider, list.filter((_, i) => i !== index)) ?? (await undeclaredKeyEnv(dataDir, provider.apiKeyEnv));
  if (problem) return fail('invalid_request', problem);
  const entry = providerEntry(provider, list[index]);
  const providers = index < 0 ? [...list, entry] : list.map((p, i) => (i === index ? entry : p));
  const renamed = previousLabel !== undefined && previousLabel !== provider.label;
  const defaultProvider = renamed && raw.value.defaultProvider === previousLabel ? provider.label : raw.value.defaultProvider;
  await writeRawSettings(dataDir, { ...raw.value, providers, ...(defaultProvider === undefined ? {} : { defaultProvider }) });
  if (renamed && keyStore?.canStore) {
    // The stored key follows the provider to its new label.
    const key = await keyStore.get(previousLabel);
    await keyStore.set(provider.label, key);
    await keyStore.set(previousLabel, null);
  }
  return settingsInfo(dataDir, keyStore);
}

/** keyEnv is read from the file as the user wrote it; no command can add to it. */
async function undeclaredKeyEnv(dataDir: string, apiKeyEnv: string | null): Promise<string | null> {
  const { settings, path } = await loadSettings(dataDir);
  return keyEnvProblem(apiKeyEnv, settings.keyEnv, path);
}

async function removeProvider(dataDir: string, keyStore: KeyStore | undefined, label: string) {
  const raw = await readRawSettings(dataDir);
  if (!raw.ok) return raw;
  const list = raw.value.providers ?? [];
  if (!list.some((p) => p['label'] === label)) return fail('not_found', `No provider "${label}"; it may have been removed already.`);
  const next = { ...raw.value, providers: list.filter((p) => p['label'] !== label) };
  if (next.defaultProvider === label) delete next.defaultProvider;
  await writeRawSettings(dataDir, next);
  if (keyStore?.canStore) await keyStore.set(label, null);
  return settingsInfo(dataDir, keyStore);
}

async function setDefaultProvider(dataDir: string, keyStore: KeyStore | undefined, label: string | null) {
  const raw = await readRawSettings(dataDir);
  if (!raw.ok) return raw;
  if (label !== null && !(raw.value.providers ?? []).some((p) => p['label'] === label)) {
    return fail('not_found', `No provider "${label}" to make the default; add it first.`);
  }
  const next = { ...raw.value };
  if (label === null) delete next.defaultProvider;
  else next.defaultProvider = label;
  await writeRawSettings(dataDir, next);
  return settingsInfo(dataDir, keyStore);
}

async function setDefaults(dataDir: string, keyStore: KeyStore | undefined, defaults: DefaultsEdit, onMaxAgents: (max: number) => void) {
  const raw = await readRawSettings(dataDir);
  if (!raw.ok) return raw;
  const next: Record<string, unknown> = { ...raw.value, maxAgents: defaults.maxAgents, turnTimeoutMinutes: defaults.turnTimeoutMinutes };
  // An unset field means the built-in default, so null removes it rather than writing null.
  if (defaults.approvalMode === null) delete next['approvalMode'];
  else next['approvalMode'] = defaults.approvalMode;
  if (defaults.commandTimeoutSeconds === null) delete next['commandTimeoutSeconds'];
  else next['commandTimeoutSeconds'] = defaults.commandTimeoutSeconds;
  await writeRawSettings(dataDir, next);
  onMaxAgents(defaults.maxAgents);
  return settingsInfo(dataDir, keyStore);
}

async function setApiKey(dataDir: string, keyStore: KeyStore | undefined, label: string, key: string | null) {
  if (!keyStore?.canStore) return fail('invalid_request', NO_KEY_STORE_MESSAGE);
  const { settings } = await loadSettings(dataDir);
  if (!settings.providers.some((p) => p.label === label)) return fail('not_found', `No provider "${label}"; save the provider before its key.`);
  await keyStore.set(label, key === null ? null : key.trim());
  return settingsInfo(dataDir, keyStore);
}

/** `onMaxAgents`: max agents changed (the fleet's running limit follows at once). */
export function createSettingsHandlers(
  dataDir: string,
  keyStore: KeyStore | undefined,
  onMaxAgents: (max: number) => void = () => undefined,
): Pick<CommandHandlers, SettingsCommand> {
  return {
    'settings.get': async () => settingsInfo(dataDir, keyStore),
    'settings.setDefaults': async (defaults) => setDefaults(dataDir, keyStore, defaults, onMaxAgents),
    'settings.saveProvider': async ({ provider, previousLabel }) => saveProvider(dataDir, keyStore, provider, previousLabel),
    'settings.removeProvider': async ({ label }) => removeProvider(dataDir, keyStore, label),
    'settings.setDefaultProvider': async ({ label }) => setDefaultProvider(dataDir, keyStore, label),
    'settings.setApiKey': async ({ label, key }) => setApiKey(dataDir, keyStore, label, key),
  };
}
