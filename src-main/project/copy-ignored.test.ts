import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { git, makeRepo, makeTempDir, removeTempDir, writeFiles } from '../git/test-support/temp-repo';
import { copyIgnoredFiles } from './copy-ignored';

let root: string;
let repo: string;
let worktree: string;
let outside: string;

beforeEach(() => {
  root = makeTempDir('flotilla-copy-');
  repo = join(root, 'repo');
  mkdirSync(repo);
  makeRepo(repo, { 'README.md': '# r\n', '.gitignore': '.env\n.env.*\nconfig/local/\nlinks/\n', 'config/app.json': '{}\n' });
  worktree = join(root, 'wt');
  git(repo, ['worktree', 'add', '-q', '-b', 'agent', worktree]);
  outside = join(root, 'outside-secret');
  writeFiles(root, { 'outside-secret': 'do not copy\n' });
});
afterEach(() => removeTempDir(root));

describe('copying git-ignored files into a worktree', () => {
  it('copies the ignored files the patterns match, keeping their mode, and nothing tracked or unmatched', async () => {
    writeFiles(repo, { '.env': 'KEY=1\n', '.env.local': 'KEY=2\n', 'config/local/dev.json': '{"a":1}\n', 'notes.txt': 'untracked, not ignored\n' });
    chmodSync(join(repo, '.env'), 0o600);
    const report = await copyIgnoredFiles(repo, worktree, ['.env', '.env.*', 'config/local/**', 'notes.txt', 'README.md']);
    expect(report.copied.sort()).toEqual(['.env', '.env.local', 'config/local/dev.json']);
    expect(readFileSync(join(worktree, 'config/local/dev.json'), 'utf8')).toBe('{"a":1}\n');
    expect(statSync(join(worktree, '.env')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(worktree, 'notes.txt'))).toBe(false);
  });

  it('never overwrites what the worktree already has', async () => {
    writeFiles(repo, { '.env': 'main\n' });
    writeFiles(worktree, { '.env': 'agent\n' });
    const report = await copyIgnoredFiles(repo, worktree, ['.env']);
    expect(report.skipped).toEqual([{ path: '.env', reason: 'already in the worktree' }]);
    expect(readFileSync(join(worktree, '.env'), 'utf8')).toBe('agent\n');
  });

  it('never follows a symlink out of the repository, nor copies an absolute one', async () => {
    mkdirSync(join(repo, 'links'));
    writeFiles(repo, { 'links/inside.txt': 'inside\n' });
    symlinkSync(outside, join(repo, 'links/escape'));
    symlinkSync('../../outside-secret', join(repo, 'links/escape-relative'));
    symlinkSync(join(repo, 'links/inside.txt'), join(repo, 'links/absolute'));
    symlinkSync('inside.txt', join(repo, 'links/relative'));
    const report = await copyIgnoredFiles(repo, worktree, ['links/**']);
    expect(report.copied.sort()).toEqual(['links/inside.txt', 'links/relative']);
    expect(readlinkSync(join(worktree, 'links/relative'))).toBe('inside.txt');
    expect(readFileSync(join(worktree, 'links/relative'), 'utf8')).toBe('inside\n');
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.path, s.reason]));
    expect(reasons['links/escape']).toMatch(/absolute symlink/);
    expect(reasons['links/escape-relative']).toBe('a symlink that points outside the repository');
    expect(reasons['links/absolute']).toMatch(/absolute symlink/);
    expect(existsSync(join(worktree, 'links/escape-relative'))).toBe(false);
  });

  it('never writes outside the worktree through a folder that is a symlink there', async () => {
    writeFiles(repo, { 'config/local/dev.json': '{}\n' });
    mkdirSync(join(worktree, 'config'), { recursive: true });
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(worktree, 'config/local'));
    const report = await copyIgnoredFiles(repo, worktree, ['config/local/**']);
    expect(report.skipped).toEqual([{ path: 'config/local/dev.json', reason: 'its folder in the worktree leads outside the worktree' }]);
    expect(existsSync(join(elsewhere, 'dev.json'))).toBe(false);
    expect(lstatSync(join(worktree, 'config/local')).isSymbolicLink()).toBe(true);
  });

  it('makes no folder outside the worktree through a symlinked parent', async () => {
    writeFiles(repo, { 'config/local/deep/dev.json': '{}\n' });
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    git(worktree, ['rm', '-q', '-r', 'config']);
    symlinkSync(elsewhere, join(worktree, 'config'));
    const report = await copyIgnoredFiles(repo, worktree, ['config/local/**']);
    expect(report.copied).toEqual([]);
    expect(existsSync(join(elsewhere, 'local'))).toBe(false);
  });

  it('does nothing without patterns', async () => {
    writeFiles(repo, { '.env': 'x\n' });
    expect(await copyIgnoredFiles(repo, worktree, [])).toEqual({ copied: [], skipped: [] });
  });
});
