/**
 * Other tools' worktree files, read when a repository has no flotilla.json, so a user arriving
 * from Conductor, Superset, emdash or the Codex app finds their setup already working. Each translation keeps
 * what maps onto Flotilla's shape and lists the keys it left unread, so nothing is dropped
 * without the user being told.
 */
import { z } from 'zod';
import type { ProjectEnvFile, ProjectEnvSource } from '../../src-shared/protocol/project-env';
import { codexEnvironment } from './codex-environment';

export interface PeerConfig {
  file: Exclude<ProjectEnvSource, 'flotilla.json' | 'none'>;
  tool: string;
  /** How the file is written; JSON unless said. */
  format?: 'json' | 'toml';
  translate(raw: unknown, fail: (detail: string) => Error): { file: ProjectEnvFile; unread: string[] };
}

const Script = z.string().min(1);
const Scripts = z.union([Script, z.array(Script)]);

/** Conductor: `{ "scripts": { "setup", "run", "archive" } }`; archive runs as Flotilla's teardown. */
const ConductorSchema = z.looseObject({
  scripts: z.looseObject({ setup: Script.optional(), run: Script.optional(), archive: Script.optional() }).optional(),
});

/** Superset: `.superset/config.json` with `setup` and `teardown` lists. */
const SupersetSchema = z.looseObject({ setup: Scripts.optional(), teardown: Scripts.optional() });

/** emdash: `{ "preservePatterns": [...], "scripts": { "setup", "run", "teardown" } }`. */
const EmdashSchema = z.looseObject({
  preservePatterns: z.array(z.string().min(1)).optional(),
  scripts: z.looseObject({ setup: Script.optional(), run: Script.optional(), teardown: Script.optional() }).optional(),
});

export function parseWith<T>(schema: z.ZodType<T>, raw: unknown, fail: (detail: string) => Error): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw fail(`"${issue?.path.join('.') || 'the file'}": ${issue?.message ?? 'does not match the expected shape'}`);
}

export function unreadKeys(raw: Record<string, unknown>, used: string[], prefix = ''): string[] {
  return Object.keys(raw)
    .filter((key) => !used.includes(key))
    .map((key) => `${prefix}${key}`);
}

const conductor: PeerConfig = {
  file: 'conductor.json',
  tool: 'Conductor',
  translate(raw, fail) {
    const config = parseWith(ConductorSchema, raw, fail);
    const scripts = config.scripts ?? {};
    const file: ProjectEnvFile = {
      ...(scripts.setup ? { setup: scripts.setup } : {}),
      ...(scripts.archive ? { teardown: scripts.archive } : {}),
      ...(scripts.run ? { run: { run: scripts.run } } : {}),
    };
    const unread = [...unreadKeys(config, ['scripts']), ...unreadKeys(scripts, ['setup', 'run', 'archive'], 'scripts.')];
    return { file, unread };
  },
};

const superset: PeerConfig = {
  file: '.superset/config.json',
  tool: 'Superset',
  translate(raw, fail) {
    const config = parseWith(SupersetSchema, raw, fail);
    const file: ProjectEnvFile = {
      ...(config.setup ? { setup: config.setup } : {}),
      ...(config.teardown ? { teardown: config.teardown } : {}),
    };
    return { file, unread: unreadKeys(config, ['setup', 'teardown']) };
  },
};

const emdash: PeerConfig = {
  file: '.emdash.json',
  tool: 'emdash',
  translate(raw, fail) {
    const config = parseWith(EmdashSchema, raw, fail);
    const scripts = config.scripts ?? {};
    const file: ProjectEnvFile = {
      ...(scripts.setup ? { setup: scripts.setup } : {}),
      ...(scripts.teardown ? { teardown: scripts.teardown } : {}),
      ...(scripts.run ? { run: { run: scripts.run } } : {}),
      ...(config.preservePatterns ? { copy: config.preservePatterns } : {}),
    };
    const unread = [
      ...unreadKeys(config, ['scripts', 'preservePatterns']),
      ...unreadKeys(scripts, ['setup', 'run', 'teardown'], 'scripts.'),
    ];
    return { file, unread };
  },
};

/** In the order they are looked for. */
export const PEER_CONFIGS: readonly PeerConfig[] = [conductor, superset, emdash, codexEnvironment];
