import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MergeStrategy } from '../../src-shared/protocol/api-review';
import { snapshotCommit } from './checkpoint-snapshot';
import { conflictMatrix } from './merge-matrix';
import { baseCheckoutProblem, commitThreadWork, runTrain } from './merge-train';
import { git, makeRepo, makeTempDir, removeTempDir, repoFingerprint, writeFiles } from './test-support/temp-repo';
import { createWorktree } from './worktree';

const log = (repo: string, range: string, format: string): string[] =>
  git(repo, ['log', '--format=' + format, range]).split('\n').filter(Boolean);

describe('merging threads', () => {
  let dir: string;
  let repo: string;
  let wts: Record<string, string>;
  beforeEach(async () => {
    dir = makeTempDir();
    repo = makeRepo(join(dir, 'repo'), { 'shared.txt': 'base\n', 'README.md': '# r\n' });
    wts = {};
    for (const id of ['a', 'b', 'c', 'd']) {
      wts[id] = join(dir, `wt-${id}`);
      await createWorktree(repo, wts[id]!, `flotilla/${id}`, 'main');
    }
    // a and b both rewrite shared.txt (they conflict); c and d touch their own files.
    writeFiles(wts.a!, { 'shared.txt': 'from a\n', 'a.txt': 'a\n' });
    writeFiles(wts.b!, { 'shared.txt': 'from b\n' });
    writeFiles(wts.c!, { 'c.txt': 'c\n' });
    writeFiles(wts.d!, { 'd/d.txt': 'd\n' });
  });
  afterEach(() => removeTempDir(dir));

  it('builds the conflict matrix from uncommitted work without touching anything', async () => {
    const before = repoFingerprint(repo);
    const statuses = Object.values(wts).map((wt) => git(wt, ['status', '--porcelain']));
    const heads = [];
    for (const id of ['a', 'b', 'c', 'd']) heads.push({ id, commit: (await snapshotCommit(wts[id]!, 'check')).commit });
    const matrix = await conflictMatrix(repo, 'main', heads);
    expect(matrix.againstBase.every((row) => row.conflicts.length === 0)).toBe(true);
    const conflicting = matrix.pairs.filter((p) => p.conflicts.length > 0);
    expect(conflicting).toEqual([{ a: 'a', b: 'b', conflicts: ['shared.txt'] }]);
    expect(matrix.pairs).toHaveLength(6);
    expect(repoFingerprint(repo)).toEqual(before);
    expect(Object.values(wts).map((wt) => git(wt, ['status', '--porcelain']))).toEqual(statuses);
  });

  async function steps(ids: string[]): Promise<{ id: string; head: string; message: string }[]> {
    const out = [];
    for (const id of ids) {
      const head = await commitThreadWork(wts[id]!, `flotilla/${id}`, `Task ${id}\n\nAgent summary ${id}`);
      out.push({ id, head, message: `Task ${id}\n\nAgent summary ${id}` });
    }
    return out;
  }

  it('commits agent work onto the thread branch and leaves its worktree clean', async () => {
    const [step] = await steps(['c']);
    expect(git(repo, ['rev-parse', 'flotilla/c']).trim()).toBe(step!.head);
    expect(git(wts.c!, ['status', '--porcelain'])).toBe('');
    expect(git(repo, ['log', '-1', '--format=%s', 'flotilla/c']).trim()).toBe('Task c');
  });

  const cases: [MergeStrategy, (start: string) => void][] = [
    ['squash', (start) => {
      expect(log(repo, `${start}..main`, '%s|%P')).toHaveLength(3);
      expect(log(repo, `${start}..main`, '%s')).toEqual(['Task d', 'Task c', 'Task a']);
      expect(log(repo, `${start}..main`, '%P').every((p) => !p.includes(' '))).toBe(true);
    }],
    ['merge', (start) => {
      const merges = log(repo, `${start}..main`, '%s|%P').filter((l) => l.split('|')[1]!.includes(' '));
      expect(merges.map((l) => l.split('|')[0])).toEqual(['Task d', 'Task c', 'Task a']);
      for (const id of ['a', 'c', 'd']) git(repo, ['merge-base', '--is-ancestor', `flotilla/${id}`, 'main']);
    }],
    ['rebase', (start) => {
      expect(log(repo, `${start}..main`, '%s')).toEqual(['Task d', 'Task c', 'Task a']);
      expect(log(repo, `${start}..main`, '%P').every((p) => !p.includes(' '))).toBe(true);
    }],
  ];

  for (const [strategy, checkHistory] of cases) {
    it(`runs a ${strategy} train into the checked-out base and keeps git fsck clean`, async () => {
      const start = git(repo, ['rev-parse', 'main']).trim();
      const report = await runTrain(repo, 'main', await steps(['a', 'c', 'd']), strategy);
      expect(report.stopped).toBeNull();
      expect(report.merged.map((m) => m.threadId)).toEqual(['a', 'c', 'd']);
      expect(report.merged[2]!.commit).toBe(git(repo, ['rev-parse', 'main']).trim());
      checkHistory(start);
      // The user's checkout followed the branch and is clean.
      expect(git(repo, ['status', '--porcelain'])).toBe('');
      expect(git(repo, ['show', 'main:shared.txt'])).toBe('from a\n');
      for (const path of ['a.txt', 'c.txt', 'd/d.txt']) git(repo, ['cat-file', '-e', `main:${path}`]);
      git(repo, ['fsck', '--strict', '--no-progress']);
    });
  }

  it('stops at a conflict with nothing half-merged', async () => {
    const report = await runTrain(repo, 'main', await steps(['c', 'a', 'b', 'd']), 'squash');
    expect(report.merged.map((m) => m.threadId)).toEqual(['c', 'a']);
    expect(report.stopped).toEqual({ threadId: 'b', conflicts: ['shared.txt'] });
    expect(git(repo, ['rev-parse', 'main']).trim()).toBe(report.merged[1]!.commit);
    expect(git(repo, ['status', '--porcelain'])).toBe('');
    expect(git(repo, ['show', 'main:shared.txt'])).toBe('from a\n');
    expect(() => git(repo, ['cat-file', '-e', 'main:d/d.txt'])).toThrow();
    git(repo, ['fsck', '--strict', '--no-progress']);
  });

  it('refuses a dirty checked-out base and moves nothing', async () => {
    writeFiles(repo, { 'README.md': '# user edit\n' });
    const problem = await baseCheckoutProblem(repo, 'main');
    expect(problem).toBe(
      `The base branch main is checked out in ${repo} with uncommitted changes. Commit or stash them, then merge again.`,
    );
    const before = git(repo, ['rev-parse', 'main']);
    await expect(runTrain(repo, 'main', await steps(['c']), 'squash')).rejects.toThrow(/uncommitted changes/);
    expect(git(repo, ['rev-parse', 'main'])).toBe(before);
    expect(git(repo, ['diff'])).toContain('+# user edit');
  });

  it('never overwrites an untracked file of the user: the base does not move', async () => {
    writeFiles(repo, { 'c.txt': 'the user\'s own file\n' });
    const before = git(repo, ['rev-parse', 'main']);
    await expect(runTrain(repo, 'main', await steps(['c']), 'squash')).rejects.toThrow(/Could not update main in .*nothing was merged/);
    expect(git(repo, ['rev-parse', 'main'])).toBe(before);
    expect(readFileSync(join(repo, 'c.txt'), 'utf8')).toBe('the user\'s own file\n');
  });

  it('updates a base branch that is not checked out with update-ref', async () => {
    git(repo, ['checkout', '--quiet', '-b', 'elsewhere']);
    writeFiles(repo, { 'README.md': '# dirty but not on main\n' });
    expect(await baseCheckoutProblem(repo, 'main')).toBeNull();
    const report = await runTrain(repo, 'main', await steps(['c']), 'merge');
    expect(git(repo, ['rev-parse', 'main']).trim()).toBe(report.merged[0]!.commit);
    expect(git(repo, ['symbolic-ref', '--short', 'HEAD']).trim()).toBe('elsewhere');
  });
});
