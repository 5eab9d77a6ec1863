/**
 * A repository's worktree environment, from `flotilla.json` at its root (docs/environment.md):
 * what runs when a worktree is made and removed, the user's named commands, the git-ignored files
 * each worktree gets a copy of, and the size of its port block. Strict: an unknown key is an
 * error that names it, so a typo never silently turns a setup step off.
 */
import { z } from 'zod';

/** One shell command, or several run in order (the first failure stops the rest). */
const CommandsSchema = z.union([z.string().min(1), z.array(z.string().min(1))]);

export const DEFAULT_PORT_BLOCK = 10;
export const MAX_PORT_BLOCK = 1000;
export const DEFAULT_SETUP_TIMEOUT_SECONDS = 600;
export const MAX_SETUP_TIMEOUT_SECONDS = 24 * 3600;

export const ProjectEnvFileSchema = z.strictObject({
  setup: CommandsSchema.optional(),
  teardown: CommandsSchema.optional(),
  run: z.record(z.string().min(1), z.string().min(1)).optional(),
  copy: z.array(z.string().min(1)).optional(),
  ports: z.number().int().min(1).max(MAX_PORT_BLOCK).optional(),
  /** How long setup may run before it is stopped and counts as failed (default 600). */
  setupTimeoutSeconds: z.number().int().min(1).max(MAX_SETUP_TIMEOUT_SECONDS).optional(),
});
export type ProjectEnvFile = z.infer<typeof ProjectEnvFileSchema>;

/** Where a repository's environment came from: our own file, a peer tool's, or nowhere. */
export const ProjectEnvSourceSchema = z.enum([
  'flotilla.json',
  'conductor.json',
  '.superset/config.json',
  '.emdash.json',
  '.codex/environments/environment.toml',
  'none',
]);
export type ProjectEnvSource = z.infer<typeof ProjectEnvSourceSchema>;

/** The environment as the fleet uses it: lists normalised, defaults applied. */
export const ProjectEnvSchema = z.object({
  source: ProjectEnvSourceSchema,
  setup: z.array(z.string()),
  teardown: z.array(z.string()),
  run: z.record(z.string(), z.string()),
  copy: z.array(z.string()),
  ports: z.number().int(),
  /** Absent: DEFAULT_SETUP_TIMEOUT_SECONDS (a peer's file has no such setting). */
  setupTimeoutSeconds: z.number().int().optional(),
  /** What the user should know about how it was read (a peer's file, keys of it left unread). */
  notes: z.array(z.string()),
});
export type ProjectEnv = z.infer<typeof ProjectEnvSchema>;

export function normaliseCommands(commands: string | string[] | undefined): string[] {
  if (commands === undefined) return [];
  return typeof commands === 'string' ? [commands] : commands;
}
