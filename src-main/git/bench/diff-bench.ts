/**
 * Benchmark harness (scripts/bench.mjs): a repository whose thread worktree holds a 20,000-line
 * change over 300 files (modified, untracked and deleted, uncommitted like an agent's work), and
 * the time thread.diff takes to compute it. Figures only; no thresholds.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadDiff } from '../diff';

const BASE_FILES = 275;
const LINES = 40;

const body = (file: number, tag: string, count: number, from = 0): string =>
  Array.from({ length: count }, (_, i) => `export const v${file}_${i} = '${i < from ? 'base' : tag} ${i}';`).join('\n') + '\n';

/** 250 files with 32 of 40 lines rewritten (64 each), 25 deleted (40 each), 25 new (120 each): 20,000 lines, 300 files. */
function makeChangedWorktree(dir: string): string {
  const repo = join(dir, 'repo');
  mkdirSync(join(repo, 'src'), { recursive: true });
  const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' });
  git(repo, 'init', '-q', '-b', 'main');
  for (let f = 0; f < BASE_FILES; f += 1) writeFileSync(join(repo, 'src', `file-${f}.ts`), body(f, 'base', LINES));
  git(repo, 'add', '-A');
  git(repo, '-c', 'user.name=Bench', '-c', 'user.email=bench@flotilla.test', 'commit', '-q', '-m', 'base');
  const wt = join(dir, 'wt');
  git(repo, 'worktree', 'add', '-q', '-b', 'flotilla/bench', wt, 'main');
  for (let f = 0; f < BASE_FILES; f += 1) {
    const path = join(wt, 'src', `file-${f}.ts`);
    if (f < 25) rmSync(path);
    else writeFileSync(path, body(f, 'changed', LINES, LINES - 32));
  }
  for (let f = 0; f < 25; f += 1) writeFileSync(join(wt, 'src', `new-${f}.ts`), body(f, 'new', 120));
  return wt;
}

export async function runDiffBench(runs = 5): Promise<{ files: number; lines: number; medianMs: number; timesMs: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-diff-bench-'));
  try {
    const wt = makeChangedWorktree(dir);
    const timesMs: number[] = [];
    let files = 0;
    let lines = 0;
    for (let i = 0; i < runs; i += 1) {
      const started = process.hrtime.bigint();
      const diff = await threadDiff(wt, 'main');
      timesMs.push(Number(process.hrtime.bigint() - started) / 1e6);
      files = diff.files.length;
      lines = diff.files.reduce((n, f) => n + f.additions + f.deletions, 0);
    }
    const sorted = [...timesMs].sort((a, b) => a - b);
    return { files, lines, medianMs: sorted[Math.floor(sorted.length / 2)]!, timesMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
