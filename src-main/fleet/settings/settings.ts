/**
 * `<dataDir>/settings.json`. Read on every use so an edit applies to the next task without a
 * restart. A missing file means defaults. A malformed one (bad JSON, a wrong value, an unknown
 * key) is a problem to fix, never a quiet fall back to defaults: a typo in `providers` would
 * otherwise turn a real run into the demo model.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { MAX_AGENTS_DEFAULT } from '../../../src-shared/protocol/api';
import { type ApprovalMode, ApprovalModeSchema, CODEX_SETUPS, type CodexSetup, ModelApiSchema, ReasoningEffortSchema } from '../../../src-shared/protocol/agent';
import { DEFAULT_PRICES, type ModelPrice, ModelPriceSchema } from './pricing';

const ProviderSchema = z.object({
  label: z.string().min(1),
  api: ModelApiSchema,
  baseUrl: z.string().min(1),
  model: z.string().min(1),
  /** Name of the environment variable holding the API key; the key itself never goes in this file. */
  apiKeyEnv: z.string().min(1).optional(),
  reasoningEffort: ReasoningEffortSchema.nullable().optional(),
  /** The model's context window in tokens (default 128k), for compaction. */
  contextWindow: z.number().int().positive().optional(),
  /** Compact when a request's input passes this fraction of the context window (default 0.9). */
  compactAt: z.number().gt(0).lte(1).optional(),
});
export type ProviderSettings = z.infer<typeof ProviderSchema>;

const EnvNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name');

export const SettingsFileSchema = z.strictObject({
  maxAgents: z.number().int().min(1).optional(),
  providers: z.array(ProviderSchema).optional(),
  defaultProvider: z.string().optional(),
  /** Approval mode of new tasks; unset = auto-edit with a real provider, full-auto in demo mode. */
  approvalMode: ApprovalModeSchema.optional(),
  /** A turn still running after this many minutes is stopped (default 30). */
  turnTimeoutMinutes: z.number().positive().optional(),
  /** An agent's command still running after this many seconds is killed (default: no limit). */
  commandTimeoutSeconds: z.number().positive().optional(),
  /** USD per million tokens by model name; added to (and overriding) the built-in table. */
  prices: z.record(z.string(), ModelPriceSchema).optional(),
  /** Where no sandbox works: let full auto run anyway, with the user's own rights (default false). */
  allowUnsandboxed: z.boolean().optional(),
  /** Variables of Flotilla's environment that agents get too (the rest of it they never see). */
  agentEnv: z.array(EnvNameSchema).optional(),
  /** Variables a provider's apiKeyEnv may name, besides the well-known ones; set by hand only. */
  keyEnv: z.array(EnvNameSchema).optional(),
  /** The codex binary Codex threads run; unset: `codex` on PATH, then the bundled @openai/codex. */
  codexPath: z.string().min(1).optional(),
  /** Codex threads' login and config: Flotilla's provider (default), or the user's own CODEX_HOME. */
  codexSetup: z.enum(CODEX_SETUPS, { error: 'expected "flotilla" (the thread\'s Flotilla provider) or "mine" (your own Codex login and config)' }).optional(),
});

export interface Settings {
  maxAgents: number;
  providers: ProviderSettings[];
  defaultProvider: string | null;
  approvalMode: ApprovalMode | null;
  turnTimeoutMinutes: number;
  commandTimeoutSeconds: number | null;
  /** The built-in price table with the user's entries on top. */
  prices: Readonly<Record<string, ModelPrice>>;
  allowUnsandboxed: boolean;
  agentEnv: readonly string[];
  keyEnv: readonly string[];
  codexPath: string | null;
  codexSetup: CodexSetup;
}

export const DEFAULT_TURN_TIMEOUT_MINUTES = 30;

export interface LoadedSettings {
  settings: Settings;
  path: string;
  /**
   * Why the file cannot be used, naming the file and the field, for a person to fix; null when
   * it is fine or absent. `settings` are then the defaults, which callers must not run on.
   */
  problem: string | null;
}

export const DEFAULT_SETTINGS: Settings = {
  maxAgents: MAX_AGENTS_DEFAULT,
  providers: [],
  defaultProvider: null,
  approvalMode: null,
  turnTimeoutMinutes: DEFAULT_TURN_TIMEOUT_MINUTES,
  commandTimeoutSeconds: null,
  prices: DEFAULT_PRICES,
  allowUnsandboxed: false,
  agentEnv: [],
  keyEnv: [],
  codexPath: null,
  codexSetup: 'flotilla',
};

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
    return { settings: DEFAULT_SETTINGS, path, problem: `Cannot read ${path}: ${(error as Error).message}. ${FIX_HINT}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { settings: DEFAULT_SETTINGS, path, problem: `${path} is not valid JSON (${(error as Error).message}). ${FIX_HINT}` };
  }
  const parsed = SettingsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map(describeIssue);
    return { settings: DEFAULT_SETTINGS, path, problem: `${path} has invalid settings: ${issues.join('; ')}. ${FIX_HINT}` };
  }
  const { maxAgents, providers, defaultProvider, approvalMode, turnTimeoutMinutes, commandTimeoutSeconds, prices, allowUnsandboxed, agentEnv, keyEnv, codexPath, codexSetup } =
    parsed.data;
  return {
    settings: {
      maxAgents: maxAgents ?? MAX_AGENTS_DEFAULT,
      providers: providers ?? [],
      defaultProvider: defaultProvider ?? null,
      approvalMode: approvalMode ?? null,
      turnTimeoutMinutes: turnTimeoutMinutes ?? DEFAULT_TURN_TIMEOUT_MINUTES,
      commandTimeoutSeconds: commandTimeoutSeconds ?? null,
      prices: { ...DEFAULT_PRICES, ...prices },
      allowUnsandboxed: allowUnsandboxed ?? false,
      agentEnv: agentEnv ?? [],
      keyEnv: keyEnv ?? [],
      codexPath: codexPath ?? null,
      codexSetup: codexSetup ?? 'flotilla',
    },
    path,
    problem: null,
  };
}

const FIX_HINT = 'Fix the file (or remove it to start from the defaults), then try again.';

/** `providers.0.baseUrl: expected string`; an unknown key names the key. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.join('.') || '(top level)';
  if (issue.code === 'unrecognized_keys') return `${where}: unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return `${where}: ${issue.message}`;
}

/** The configured provider with this label, or null. */
export function providerByLabel(settings: Settings, label: string): ProviderSettings | null {
  return settings.providers.find((p) => p.label === label) ?? null;
}

/** The provider agents use: the one named by defaultProvider, else the first; null = demo model. */
export function activeProvider(settings: Settings): ProviderSettings | null {
  const named = settings.providers.find((p) => p.label === settings.defaultProvider);
  return named ?? settings.providers[0] ?? null;
}
