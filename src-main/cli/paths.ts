/**
 * Where things are for the CLI: Flotilla's data dir, and the built files next to the bundle
 * (dist/main/cli.cjs sits beside worker.cjs; the renderer is in dist/renderer).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** `$FLOTILLA_HOME`, default `~/.flotilla`. */
export function dataDirFrom(env: NodeJS.ProcessEnv): string {
  const home = env.FLOTILLA_HOME?.trim();
  return home ? resolve(home) : join(homedir(), '.flotilla');
}

/** Creates the data dir private to the user: it holds settings (which may name API keys) and logs. */
export function ensureDataDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export interface BuiltPaths {
  workerEntry: string;
  rendererDir: string;
  packageJson: string;
}

/** `bundleDir` is the directory of the running cli.cjs (dist/main). */
export function builtPaths(bundleDir: string): BuiltPaths {
  return {
    workerEntry: join(bundleDir, 'worker.cjs'),
    rendererDir: join(bundleDir, '..', 'renderer'),
    packageJson: join(bundleDir, '..', '..', 'package.json'),
  };
}

export function readVersion(packageJson: string): string {
  try {
    const parsed: unknown = JSON.parse(readFileSync(packageJson, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'version' in parsed && typeof parsed.version === 'string') {
      return parsed.version;
    }
  } catch {
    // A missing or unreadable package.json only costs us the version string.
  }
  return '0.0.0';
}
