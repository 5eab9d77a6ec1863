/**
 * Reads a repository's worktree environment: `flotilla.json` when it has one, else a peer tool's
 * file (peer-configs.ts), so switching to Flotilla costs nothing. A file that is there but wrong
 * is an error naming the file and the key, never a silently empty environment.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { z } from 'zod';
import {
  DEFAULT_PORT_BLOCK,
  normaliseCommands,
  ProjectEnvFileSchema,
  type ProjectEnv,
  type ProjectEnvFile,
} from '../../src-shared/protocol/project-env';
import { PEER_CONFIGS } from './peer-configs';

export const PROJECT_ENV_FILE = 'flotilla.json';

export class ProjectConfigError extends Error {
  override readonly name = 'ProjectConfigError';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}. Fix the file (see docs/environment.md) and try again.`);
  }
}

/** The repository's environment; `source: 'none'` when it has no file Flotilla knows. */
export async function loadProjectEnv(repoRoot: string): Promise<ProjectEnv> {
  const own = await readConfig(repoRoot, PROJECT_ENV_FILE, 'json');
  if (own !== undefined) return fromFile(parseOwnFile(own), 'flotilla.json', []);
  for (const peer of PEER_CONFIGS) {
    const raw = await readConfig(repoRoot, peer.file, peer.format ?? 'json');
    if (raw === undefined) continue;
    const { file, unread } = peer.translate(raw, (detail) => new ProjectConfigError(peer.file, detail));
    const notes = [`Read setup and scripts from ${peer.file} (${peer.tool}); a flotilla.json takes its place when you add one.`];
    if (unread.length > 0) notes.push(`Not used from ${peer.file}: ${unread.join(', ')}.`);
    return fromFile(file, peer.file, notes);
  }
  return fromFile({}, 'none', []);
}

export function parseOwnFile(raw: unknown): ProjectEnvFile {
  const parsed = ProjectEnvFileSchema.safeParse(raw);
  if (!parsed.success) throw new ProjectConfigError(PROJECT_ENV_FILE, describeIssues(parsed.error));
  return parsed.data;
}

function fromFile(file: ProjectEnvFile, source: ProjectEnv['source'], notes: string[]): ProjectEnv {
  return {
    source,
    setup: normaliseCommands(file.setup),
    teardown: normaliseCommands(file.teardown),
    run: file.run ?? {},
    copy: file.copy ?? [],
    ports: file.ports ?? DEFAULT_PORT_BLOCK,
    ...(file.setupTimeoutSeconds === undefined ? {} : { setupTimeoutSeconds: file.setupTimeoutSeconds }),
    notes,
  };
}

/** undefined when the file does not exist; a ProjectConfigError when it is not JSON (or TOML). */
async function readConfig(repoRoot: string, file: string, format: 'json' | 'toml'): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(join(repoRoot, file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ProjectConfigError(file, `cannot be read (${(error as Error).message})`);
  }
  try {
    return format === 'toml' ? parseToml(text) : (JSON.parse(text) as unknown);
  } catch (error) {
    throw new ProjectConfigError(file, `is not valid ${format === 'toml' ? 'TOML' : 'JSON'} (${(error as Error).message.split('\n')[0]})`);
  }
}

const KNOWN_KEYS = Object.keys(ProjectEnvFileSchema.shape).join(', ');

/** One sentence per problem, naming the key: "unknown key "setpu"", "ports: expected ...". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map((k) => `"${k}"`).join(', ');
        const where = issue.path.length > 0 ? ` in "${issue.path.join('.')}"` : '';
        return `unknown key ${keys}${where} (known keys: ${KNOWN_KEYS})`;
      }
      const key = issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'the file';
      return `${key}: ${issue.message}`;
    })
    .join('; ');
}
