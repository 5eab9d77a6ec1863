/**
 * Which `codex` runs: a path from settings, else `codex` on PATH, else the bundled devDependency
 * (@openai/codex's native binary). Its version is checked: app-server's protocol is pinned to 0.169.
 */
import { execFile } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export const MIN_CODEX_VERSION = [0, 169, 0] as const;
const BUNDLED_RELATIVE = ['@openai', 'codex-linux-x64', 'vendor', 'x86_64-unknown-linux-musl', 'bin', 'codex'];

export interface CodexBinary {
  path: string;
  version: string;
}

export type CodexBinaryResult = { ok: true; binary: CodexBinary } | { ok: false; message: string };

export async function resolveCodexBinary(configured: string | undefined, pathEnv = process.env.PATH ?? ''): Promise<CodexBinaryResult> {
  const path = configured ?? onPath(pathEnv) ?? bundledCodex();
  if (!path) {
    return { ok: false, message: 'No codex binary found: install @openai/codex 0.169 or later, or set its path in settings (codexPath).' };
  }
  if (!existsSync(path)) return { ok: false, message: `The codex binary ${path} does not exist: fix codexPath in settings.` };
  const version = await codexVersion(path);
  if (!version) return { ok: false, message: `${path} --version gave no version: is it the Codex CLI?` };
  if (!atLeast(version, MIN_CODEX_VERSION)) {
    return { ok: false, message: `codex ${version} at ${path} is too old: Flotilla needs ${MIN_CODEX_VERSION.join('.')} or later (npm i -g @openai/codex).` };
  }
  return { ok: true, binary: { path, version } };
}

/** The native binary of the @openai/codex package next to Flotilla's own node_modules. */
function bundledCodex(): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', ...BUNDLED_RELATIVE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * `codex` on PATH; npm's JS launcher (bin/codex.js) is swapped for the native binary it would
 * start, since Codex re-runs its own binary as `codex-linux-sandbox` and the launcher cannot.
 */
function onPath(pathEnv: string): string | null {
  for (const dir of pathEnv.split(delimiter)) {
    const candidate = join(dir, 'codex');
    if (!dir || !existsSync(candidate)) continue;
    return realpathSync(candidate).endsWith('.js') ? bundledCodex() : candidate;
  }
  return null;
}

/**
 * Versions already asked, by path and the file's identity: app.info asks on every dashboard load,
 * and `codex --version` costs a process start (~100 ms and more on a loaded machine). A replaced
 * binary has a new mtime or size, so it is asked again.
 */
const versions = new Map<string, Promise<string | null>>();

function codexVersion(path: string): Promise<string | null> {
  const { mtimeMs, size } = statSync(path);
  const key = `${path}\0${mtimeMs}\0${size}`;
  let version = versions.get(key);
  if (!version) {
    version = askVersion(path);
    versions.set(key, version);
    // A failed answer (a timeout on a loaded machine) is not kept: the next call asks again.
    void version.then((answer) => answer ?? versions.delete(key));
  }
  return version;
}

function askVersion(path: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(path, ['--version'], { timeout: 10_000 }, (err, stdout) => {
      const match = /(\d+)\.(\d+)\.(\d+)/.exec(stdout);
      resolve(err || !match ? null : match[0]);
    });
  });
}

function atLeast(version: string, min: readonly number[]): boolean {
  const parts = version.split('.').map(Number);
  for (const [i, wanted] of min.entries()) {
    const have = parts[i] ?? 0;
    if (have !== wanted) return have > wanted;
  }
  return true;
}
