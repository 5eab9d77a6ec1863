/**
 * Where a Codex thread's configuration lives: a CODEX_HOME of its own under Flotilla's data dir
 * (Codex refuses one under /tmp), with a config.toml that points Codex at the thread's provider,
 * and a bin dir first on Codex's PATH holding `codex-linux-sandbox`, which Codex runs its commands
 * through and finds by that name. With the user's own Codex setup ("mine"), that CODEX_HOME takes
 * the user's auth.json (a symlink) and config.toml (a copy) instead of Flotilla's provider config.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ModelConfig } from '../../src-shared/protocol/agent';

/** The provider id in config.toml, and the variable that carries its key (never written to disk). */
export const CODEX_PROVIDER_ID = 'flotilla';
export const CODEX_KEY_ENV = 'FLOTILLA_CODEX_API_KEY';
/** Sent with every model request so Flotilla's demo server plays the thread's script. */
export const CODEX_THREAD_HEADER = 'x-flotilla-thread';
const STATE_FILE = 'flotilla-codex-thread.json';

export interface CodexHome {
  home: string;
  binDir: string;
}

/** The user's own CODEX_HOME, as Codex itself finds it: $CODEX_HOME, else ~/.codex. */
export function userCodexHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.CODEX_HOME || join(homedir(), '.codex');
}

/** Why the user's own Codex setup cannot run a thread, for a person to act on; null when it can. */
export function userSetupProblem(userHome: string): string | null {
  if (existsSync(join(userHome, 'auth.json'))) return null;
  return `codexSetup is "mine" but there is no Codex login at ${join(userHome, 'auth.json')}: run \`codex login\`, or set codexSetup to "flotilla" in settings (a task's own choice: untick "Use my Codex setup").`;
}

/** userHome: the user's CODEX_HOME when the thread uses their own setup; absent: Flotilla's provider. */
export function prepareCodexHome(home: string, binary: string, threadId: string, model: ModelConfig, userHome?: string): CodexHome {
  mkdirSync(home, { recursive: true });
  if (userHome) takeUserSetup(home, userHome);
  else useFlotillaSetup(home, threadId, model);
  const binDir = join(home, 'bin');
  mkdirSync(binDir, { recursive: true });
  linkSandboxHelper(binDir, binary);
  return { home, binDir };
}

export function codexConfigToml(threadId: string, model: ModelConfig): string {
  const lines = [
    '# Written by Flotilla for one thread; rewritten each time its worker starts.',
    `model = ${tomlString(model.model)}`,
    `model_provider = ${tomlString(CODEX_PROVIDER_ID)}`,
    ...(model.reasoningEffort ? [`model_reasoning_effort = ${tomlString(model.reasoningEffort)}`] : []),
    '',
    `[model_providers.${CODEX_PROVIDER_ID}]`,
    'name = "Flotilla"',
    `base_url = ${tomlString(model.baseUrl)}`,
    `wire_api = ${tomlString(model.api === 'chat' ? 'chat' : 'responses')}`,
    `env_key = ${tomlString(CODEX_KEY_ENV)}`,
    `http_headers = { ${tomlString(CODEX_THREAD_HEADER)} = ${tomlString(threadId)} }`,
    '',
  ];
  return lines.join('\n');
}

/**
 * auth.json is a symlink: Codex refreshes a ChatGPT login's tokens by writing that file in place,
 * and a refresh token is spent once, so a copy would leave the user's own login (or another
 * thread's) holding a dead one. config.toml is a copy, taken afresh at each start: Codex writes
 * to it (a project's trust level, for one), which must not land in the user's own file.
 */
function takeUserSetup(home: string, userHome: string): void {
  const problem = userSetupProblem(userHome);
  if (problem) throw new Error(problem);
  replaceWithLink(join(home, 'auth.json'), join(userHome, 'auth.json'));
  const config = join(userHome, 'config.toml');
  if (existsSync(config)) copyFileSync(config, join(home, 'config.toml'));
  else rmSync(join(home, 'config.toml'), { force: true });
}

/** A thread switched back from "mine" keeps no link to the user's login. */
function useFlotillaSetup(home: string, threadId: string, model: ModelConfig): void {
  if (isSymlink(join(home, 'auth.json'))) rmSync(join(home, 'auth.json'), { force: true });
  writeFileSync(join(home, 'config.toml'), codexConfigToml(threadId, model));
}

/** The Codex thread this Flotilla thread runs, remembered so a new worker resumes it. */
export function readCodexThreadId(home: string): string | null {
  try {
    const parsed = JSON.parse(readFileSync(join(home, STATE_FILE), 'utf8')) as { codexThreadId?: unknown };
    return typeof parsed.codexThreadId === 'string' ? parsed.codexThreadId : null;
  } catch {
    return null;
  }
}

export function writeCodexThreadId(home: string, codexThreadId: string): void {
  writeFileSync(join(home, STATE_FILE), `${JSON.stringify({ codexThreadId })}\n`);
}

function linkSandboxHelper(binDir: string, binary: string): void {
  replaceWithLink(join(binDir, 'codex-linux-sandbox'), binary);
}

function replaceWithLink(link: string, target: string): void {
  if (existsSync(link) || isSymlink(link)) {
    if (readlinkSafe(link) === target) return;
    rmSync(link, { force: true });
  }
  symlinkSync(target, link);
}

function isSymlink(path: string): boolean {
  return readlinkSafe(path) !== null;
}

function readlinkSafe(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

function tomlString(value: string): string {
  return JSON.stringify(value);
}
