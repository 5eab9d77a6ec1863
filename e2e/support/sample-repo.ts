import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
}

/** A small repository with a few commits, as a user would open. */
export function makeSampleRepo(): string {
  const root = mkdtempSync(join(tmpdir(), 'flotilla-e2e-repo-'));
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'user.email', 'e2e@flotilla.test');
  git(root, 'config', 'user.name', 'Flotilla E2E');
  writeFileSync(join(root, 'README.md'), '# Sample\n\nA repository for the end-to-end suite.\n');
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src/index.js'), 'export const answer = 42;\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'Initial commit');
  return root;
}

export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
