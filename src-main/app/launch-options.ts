/**
 * What the app takes from its command line and environment. Electron's argv also carries the
 * executable, the app path and Chromium switches, so flags are looked up rather than parsed strictly.
 */
import { join, resolve } from 'node:path';

export interface LaunchOptions {
  /** `--repo DIR` (or `--repo=DIR`), resolved against the working directory. */
  initialRepo: string | null;
  /** `--demo`, or FLOTILLA_DEMO=1. */
  forceDemo: boolean;
  /** `$FLOTILLA_HOME` when set, else Electron's userData folder. */
  dataDir: string;
}

export function launchOptions(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string, userData: string): LaunchOptions {
  const repo = flagValue(argv, 'repo');
  const home = env.FLOTILLA_HOME?.trim();
  return {
    initialRepo: repo ? resolve(cwd, repo) : null,
    forceDemo: argv.includes('--demo') || env.FLOTILLA_DEMO === '1',
    dataDir: home ? resolve(cwd, home) : userData,
  };
}

export function flagValue(argv: readonly string[], name: string): string | null {
  const flag = `--${name}`;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
    if (arg === flag) {
      const next = argv[i + 1];
      return next !== undefined && !next.startsWith('--') ? next : null;
    }
  }
  return null;
}

/** Where the built files are, from the directory of app.cjs (dist/main). */
export function appPaths(bundleDir: string): { preload: string; rendererDir: string; workerEntry: string } {
  return {
    preload: join(bundleDir, 'preload.cjs'),
    rendererDir: join(bundleDir, '..', 'renderer'),
    workerEntry: join(bundleDir, 'worker.cjs'),
  };
}
