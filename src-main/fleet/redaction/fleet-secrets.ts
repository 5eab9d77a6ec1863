/**
 * The secrets one fleet redacts: every key Flotilla holds (providers' stored keys, the variables
 * their apiKeyEnv names, the server's token) and every secret-looking variable of the fleet's
 * environment. Collected when the fleet starts and again after each Settings change; a value
 * once known stays redacted for the fleet's lifetime, even after its key is removed.
 */
import type { KeyStore } from '../fleet-service';
import { WELL_KNOWN_KEY_ENV } from '../settings';
import { loadSettings } from '../settings';
import { environmentSecrets } from './secret-names';
import { SecretSet, type NamedSecret } from './secret-set';

export interface SecretSources {
  dataDir: string;
  keyStore?: KeyStore | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** The headless server's access token, when this fleet serves one. */
  serverToken?: string | undefined;
}

export const SERVER_TOKEN_NAME = 'FLOTILLA_SERVER_TOKEN';

async function heldKeys(sources: SecretSources): Promise<NamedSecret[]> {
  const { settings } = await loadSettings(sources.dataDir);
  const found: NamedSecret[] = [];
  const keyNames = new Set([...WELL_KNOWN_KEY_ENV, ...settings.keyEnv]);
  for (const provider of settings.providers) {
    if (provider.apiKeyEnv) keyNames.add(provider.apiKeyEnv);
    const stored = sources.keyStore?.canStore ? await sources.keyStore.get(provider.label).catch(() => null) : null;
    if (stored) found.push({ name: `${provider.label} API key`, value: stored });
  }
  for (const name of keyNames) {
    const value = sources.env[name];
    if (value) found.push({ name, value });
  }
  if (sources.serverToken) found.push({ name: SERVER_TOKEN_NAME, value: sources.serverToken });
  return found;
}

export async function collectSecrets(sources: SecretSources): Promise<NamedSecret[]> {
  return [...(await heldKeys(sources)), ...environmentSecrets(sources.env)];
}

export class FleetSecrets {
  private set: SecretSet = SecretSet.EMPTY;

  constructor(private readonly sources: SecretSources) {}

  get current(): SecretSet {
    return this.set;
  }

  async refresh(): Promise<void> {
    this.set = this.set.union(await collectSecrets(this.sources));
  }
}
