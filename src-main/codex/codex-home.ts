/**
 * Where a Codex thread's configuration lives: a CODEX_HOME of its own under Flotilla's data dir
 * (Codex refuses one under /tmp), with a config.toml that points Codex at the thread's provider,
 * and a bin dir first on Codex's PATH holding `codex-linux-sandbox`, which Codex runs its commands
 * through and finds by that name.
 */
import { existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

export function prepareCodexHome(home: string, binary: string, threadId: string, model: ModelConfig): CodexHome {
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'config.toml'), codexConfigToml(threadId, model));
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
  const link = join(binDir, 'codex-linux-sandbox');
  if (existsSync(link) || isDanglingLink(link)) {
    if (readlinkSafe(link) === binary) return;
    rmSync(link, { force: true });
  }
  symlinkSync(binary, link);
}

function isDanglingLink(path: string): boolean {
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
