/**
 * Test support: a clean filter that holds git inside a call until released, so a test can abort
 * while a git process is really running. Waits on files, not on time.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, writeFiles } from './temp-repo';

export interface SlowFilter {
  /** Resolves once git is inside the filter. */
  started(): Promise<void>;
  /** Lets every held filter finish (call in cleanup, or nothing ever ends it). */
  release(): void;
}

/** Configures the filter in `repo` and puts a file that needs it into `worktree`. */
export function installSlowFilter(repo: string, worktree: string, dir: string): SlowFilter {
  const startedFile = join(dir, 'filter-started');
  const releaseFile = join(dir, 'filter-release');
  git(repo, ['config', 'filter.slow.clean', `touch "${startedFile}"; while [ ! -e "${releaseFile}" ]; do sleep 0.05; done; cat`]);
  writeFiles(worktree, { '.gitattributes': '*.slow filter=slow\n', 'held.slow': 'held\n' });
  return {
    started: async () => {
      while (!existsSync(startedFile)) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    release: () => writeFileSync(releaseFile, ''),
  };
}
