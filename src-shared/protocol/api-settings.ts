/**
 * Client API: model providers in settings.json, and their API keys. A key is write-only: it goes
 * in through settings.setApiKey, is kept by the host's key store (never in settings.json, never in
 * an event log), and no command ever returns it.
 */
import { z } from 'zod';
import { ApprovalModeSchema, ModelApiSchema, ReasoningEffortSchema } from './agent';
import { lazyCommand } from './lazy-command';

const Empty = z.object({});

export const ProviderEditSchema = z.object({
  label: z.string().trim().min(1, 'Give the provider a label.'),
  api: ModelApiSchema,
  baseUrl: z.string().trim().min(1, 'Give the base URL of the model server.'),
  model: z.string().trim().min(1, 'Give the model name.'),
  /** The environment variable holding the key; null = none (a stored key, or a server without auth). */
  apiKeyEnv: z.string().trim().nullable(),
  reasoningEffort: ReasoningEffortSchema.nullable(),
});
export type ProviderEdit = z.infer<typeof ProviderEditSchema>;

export const ProviderSettingsInfoSchema = ProviderEditSchema.extend({ hasStoredKey: z.boolean() });
export type ProviderSettingsInfo = z.infer<typeof ProviderSettingsInfoSchema>;

export const SettingsInfoSchema = z.object({
  providers: z.array(ProviderSettingsInfoSchema),
  defaultProvider: z.string().nullable(),
  maxAgents: z.number().int(),
  approvalMode: ApprovalModeSchema.nullable(),
  turnTimeoutMinutes: z.number(),
  commandTimeoutSeconds: z.number().nullable(),
  /** Whether this host can keep keys encrypted (the desktop app with OS encryption); else keys come from env vars. */
  canStoreKeys: z.boolean(),
});
export type SettingsInfo = z.infer<typeof SettingsInfoSchema>;

/** The defaults new tasks and turns get; each takes effect from the next task (or the next turn's worker). */
export const DefaultsEditSchema = z.object({
  /** null: auto-edit with a real provider, full-auto in demo mode. */
  approvalMode: ApprovalModeSchema.nullable(),
  maxAgents: z.number().int('Max agents must be a whole number.').min(1, 'Max agents must be at least 1.').max(64, 'Max agents can be at most 64.'),
  turnTimeoutMinutes: z.number().positive('The turn time limit must be more than 0 minutes.').max(1440, 'The turn time limit can be at most 1440 minutes (a day).'),
  /** null: no limit. */
  commandTimeoutSeconds: z.number().positive('The command time limit must be more than 0 seconds.').max(86_400, 'The command time limit can be at most 86400 seconds (a day).').nullable(),
});
export type DefaultsEdit = z.infer<typeof DefaultsEditSchema>;

export const settingsCommands = {
  /** Writes the defaults above to settings.json, keeping every other field. */
  'settings.setDefaults': { params: DefaultsEditSchema, result: SettingsInfoSchema },
  'settings.get': { params: Empty, result: SettingsInfoSchema },
  /** Adds a provider, or replaces the one labelled previousLabel (a rename moves its stored key). */
  'settings.saveProvider': lazyCommand(() => ({
    params: z.object({ provider: ProviderEditSchema, previousLabel: z.string().optional() }),
    result: SettingsInfoSchema,
  })),
  'settings.removeProvider': lazyCommand(() => ({ params: z.object({ label: z.string().min(1) }), result: SettingsInfoSchema })),
  'settings.setDefaultProvider': lazyCommand(() => ({ params: z.object({ label: z.string().min(1).nullable() }), result: SettingsInfoSchema })),
  /** null clears the stored key. Refused where the host cannot store keys. */
  'settings.setApiKey': lazyCommand(() => ({
    params: z.object({ label: z.string().min(1), key: z.string().min(1).nullable() }),
    result: SettingsInfoSchema,
  })),
} as const;
