/**
 * `<dataDir>/settings.json`. Read on every use so an edit applies to the next task without a
 * restart. A missing file means defaults; a malformed one falls back to defaults and says why.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { MAX_AGENTS_DEFAULT } from '../../src-shared/protocol/api';
import { ModelApiSchema } from '../../src-shared/protocol/agent';

const ProviderSchema = z.object({
  label: z.string().min(1),
  api: ModelApiSchema,
  baseUrl: z.string().min(1),
  model: z.string().min(1),
  /** Name of the environment variable holding the API key; the key itself never goes in this file. */
  apiKeyEnv: z.string().min(1).optional(),
  reasoningEffort: z.enum(['minimal', 'low', 'medium', 'high']).nullable().optional(),
});
export type ProviderSettings = z.infer<typeof ProviderSchema>;

const SettingsFileSchema = z.object({
  maxAgents: z.number().int().min(1).optional(),
  providers: z.array(ProviderSchema).optional(),
  defaultProvider: z.string().optional(),
});

export interface Settings {
  maxAgents: number;
  providers: ProviderSettings[];
  defaultProvider: string | null;
}

export interface LoadedSettings {
  settings: Settings;
  path: string;
  /** Why the file was ignored, for a person to fix; null when it was fine or absent. */
  problem: string | null;
}

export const DEFAULT_SETTINGS: Settings = { maxAgents: MAX_AGENTS_DEFAULT, providers: [], defaultProvider: null };

export function settingsPath(dataDir: string): string {
  return join(dataDir, 'settings.json');
}

export async function loadSettings(dataDir: string): Promise<LoadedSettings> {
  const path = settingsPath(dataDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { settings: DEFAULT_SETTINGS, path, problem: null };
    return { settings: DEFAULT_SETTINGS, path, problem: `Cannot read ${path}: ${(error as Error).message}. Using defaults.` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { settings: DEFAULT_SETTINGS, path, problem: `${path} is not valid JSON (${(error as Error).message}). Using defaults.` };
  }
  const parsed = SettingsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { settings: DEFAULT_SETTINGS, path, problem: `${path} has invalid settings (${issues.join('; ')}). Using defaults.` };
  }
  const { maxAgents, providers, defaultProvider } = parsed.data;
  return {
    settings: { maxAgents: maxAgents ?? MAX_AGENTS_DEFAULT, providers: providers ?? [], defaultProvider: defaultProvider ?? null },
    path,
    problem: null,
  };
}

/** The provider agents use: the one named by defaultProvider, else the first; null = demo model. */
export function activeProvider(settings: Settings): ProviderSettings | null {
  const named = settings.providers.find((p) => p.label === settings.defaultProvider);
  return named ?? settings.providers[0] ?? null;
}
