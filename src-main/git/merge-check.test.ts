/**
 * merge --check answers exactly as one `git merge-tree` per cell would, also for the cells it
 * proves clean without one: files on both sides, a file against a folder, a moved folder, deletions.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConflictMatrix } from '../../src-shared/protocol/api-review';
import { checkThreads, type CheckedThread } from './merge-check';
import { conflictMatrix } from './merge-matrix';
import { git, makeRepo, makeTempDir, removeTempDir, writeFiles } from './test-support/temp-repo';
import { createWorktree } from './worktree';

const WORK: Record<string, (wt: string) => void> = {
  addOne: (wt) => writeFiles(wt, { 'one.txt': 'one\n' }),
  addTwo: (wt) => writeFiles(wt, { 'two.txt': 'two\n' }),
  sameOne: (wt) => writeFiles(wt, { 'one.txt': 'one\n' }),
  editA: (wt) => writeFiles(wt, { 'a.txt': 'a by editA\n' }),
  editAToo: (wt) => writeFiles(wt, { 'a.txt': 'a by editAToo\n' }),
  fileD: (wt) => writeFiles(wt, { d: 'a file\n' }),
  folderD: (wt) => writeFiles(wt, { 'd/f.txt': 'in a folder\n' }),
  moveLib: (wt) => {
    rmSync(join(wt, 'lib'), { recursive: true });
    writeFiles(wt, { 'lib2/x.txt': 'x\n', 'lib2/y.txt': 'y\n' });
  },
  addToLib: (wt) => writeFiles(wt, { 'lib/new.txt': 'new\n' }),
  deleteA: (wt) => rmSync(join(wt, 'a.txt')),
  renameA: (wt) => {
    rmSync(join(wt, 'a.txt'));
    writeFiles(wt, { 'b.txt': 'a\n' });
  },
  deleteInLib: (wt) => rmSync(join(wt, 'lib/x.txt')),
  emptyLib: (wt) => rmSync(join(wt, 'lib'), { recursive: true }),
  untouched: () => undefined,
};

function conflicting(matrix: ConflictMatrix, ids: Record<string, string>): string[] {
  const name = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return matrix.pairs.filter((p) => p.conflicts.length > 0).map((p) => `${name[p.a]}+${name[p.b]}`).sort();
}

describe('merge --check', () => {
  let dir: string;
  let repo: string;
  beforeEach(() => {
    dir = makeTempDir();
    repo = makeRepo(join(dir, 'repo'), { 'a.txt': 'a\n', 'lib/x.txt': 'x\n', 'lib/y.txt': 'y\n' });
  });
  afterEach(() => removeTempDir(dir));

  it('matches a merge-tree for every cell, before and after the base moves on', async () => {
    const threads: CheckedThread[] = [];
    const ids: Record<string, string> = {};
    for (const [name, work] of Object.entries(WORK)) {
      const worktree = join(dir, name);
      await createWorktree(repo, worktree, `flotilla/${name}`, 'main');
      work(worktree);
      threads.push({ id: `t_${name}`, worktree, branch: `flotilla/${name}`, message: name });
      ids[name] = `t_${name}`;
    }
    for (const round of ['base unmoved', 'base moved on']) {
      const { matrix, heads } = await checkThreads(repo, 'main', threads);
      expect(matrix, round).toEqual(await conflictMatrix(repo, 'main', heads));
      expect(conflicting(matrix, ids), round).toEqual(
        expect.arrayContaining(['editA+editAToo', 'editA+deleteA', 'fileD+folderD', 'moveLib+addToLib']),
      );
      if (round === 'base moved on') break;
      writeFiles(repo, { 'a.txt': 'a on main\n' });
      git(repo, ['commit', '--quiet', '-am', 'main moves on']);
    }
    const { matrix } = await checkThreads(repo, 'main', threads);
    expect(matrix.againstBase.filter((r) => r.conflicts.length > 0).map((r) => r.threadId).sort()).toEqual([ids.deleteA, ids.editA, ids.editAToo]);
  });
});
