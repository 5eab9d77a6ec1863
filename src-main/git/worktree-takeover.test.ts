/**
 * The `.git` + fsmonitor takeover: an agent rewrites its worktree's `.git` file to point at a
 * gitdir of its own whose config runs its program. Every fleet git path in that worktree must
 * neither run the program nor read the agent's gitdir: the results are those of the real one.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCheckpoint, restoreTree } from './checkpoint';
import { snapshotCommit } from './checkpoint-snapshot';
import { threadDiff } from './diff';
import { revertChange } from './diff-revert';
import { worktreeDiffStat } from './diff-stat';
import { discardThreadWork } from './discard';
import { GitError, runGit } from './git';
import { conflictMatrix } from './merge-matrix';
import { mergeBaseIntoWorktree } from './merge-resolve';
import { commitThreadWork, filesWithMarkers, runTrain } from './merge-train';
import { git, makeRepo, makeTempDir, removeTempDir, writeFiles } from './test-support/temp-repo';
import { forgetWorktree, trustWorktreeOf } from './trusted-worktrees';
import { createWorktree } from './worktree';

/** `folder`: `.git` replaced by a whole repository of the agent's (fsmonitor set), not a file. */
type Attack = 'fsmonitor' | 'hooks' | 'diff.external' | 'filter' | 'folder';

/** A gitdir of the agent's own, with a commit the real repository does not have, configured to run `spy`. */
function hostileGitDir(dir: string, wt: string, spy: string, attack: Attack): string {
  const evil = makeRepo(join(dir, 'evil'), { 'evil.txt': 'not the real history\n' });
  const gitDir = join(evil, '.git');
  git(evil, ['config', 'core.worktree', wt]);
  if (attack === 'fsmonitor' || attack === 'folder') git(evil, ['config', 'core.fsmonitor', spy]);
  if (attack === 'diff.external') git(evil, ['config', 'diff.external', spy]);
  if (attack === 'filter') {
    git(evil, ['config', 'filter.evil.clean', `${spy}; cat`]);
    git(evil, ['config', 'filter.evil.smudge', `${spy}; cat`]);
  }
  if (attack === 'hooks') {
    const hooks = join(gitDir, 'hooks');
    mkdirSync(hooks, { recursive: true });
    const names = ['reference-transaction', 'post-index-change', 'post-checkout', 'post-merge', 'pre-commit', 'pre-merge-commit',
      'prepare-commit-msg', 'commit-msg', 'post-commit', 'post-rewrite', 'pre-auto-gc'];
    for (const name of names) {
      writeFileSync(join(hooks, name), `#!/bin/sh\n"${spy}" ${name}\n`);
      chmodSync(join(hooks, name), 0o755);
    }
  }
  return gitDir;
}

describe.each<Attack>(['fsmonitor', 'hooks', 'diff.external', 'filter', 'folder'])('a worktree whose .git file an agent repointed (%s)', (attack) => {
  let dir: string;
  let repo: string;
  let wt: string;
  let marker: string;
  let branchHead: string;
  const armed = (): void => {
    if (existsSync(marker)) writeFileSync(marker, '');
  };
  const ran = (): string => (existsSync(marker) ? readFileSync(marker, 'utf8') : '');

  beforeEach(async () => {
    dir = makeTempDir();
    repo = makeRepo(join(dir, 'repo'), { 'shared.txt': 'base\n', 'keep.txt': 'keep\n' });
    wt = join(dir, 'wt');
    await createWorktree(repo, wt, 'flotilla/x', 'main');
    branchHead = git(repo, ['rev-parse', 'flotilla/x']).trim();
    marker = join(dir, 'agent-program-ran');
    const spy = join(dir, 'spy.sh');
    writeFileSync(spy, `#!/bin/sh\necho "${attack} $*" >> "${marker}"\n`);
    chmodSync(spy, 0o755);
    // The agent's work, then the takeover: everything an agent in the worktree can write.
    writeFiles(wt, { 'shared.txt': 'agent\n', 'new.txt': 'agent file\n', '.gitattributes': '* filter=evil diff=evil merge=evil\n' });
    const evil = hostileGitDir(dir, wt, spy, attack);
    if (attack === 'folder') {
      rmSync(join(wt, '.git'));
      cpSync(evil, join(wt, '.git'), { recursive: true });
    } else {
      writeFileSync(join(wt, '.git'), `gitdir: ${evil}\n`);
    }
    // Proof the trap is armed: plain git in the worktree does run the agent's program (or reads its history).
    git(wt, ['status', '--porcelain']);
    git(wt, ['diff', 'HEAD']);
    git(wt, ['update-ref', 'refs/trap', 'HEAD']);
    git(wt, ['add', '--all']);
    expect(ran()).toContain(attack);
    expect(git(wt, ['rev-parse', 'HEAD']).trim()).not.toBe(branchHead);
  });
  afterEach(() => removeTempDir(dir));

  it('checkpoints, diffs and counts the real worktree without running the program', async () => {
    armed();
    const checkpoint = await createCheckpoint(wt, 't_x', 1);
    expect(git(repo, ['rev-parse', `${checkpoint.commit}^`]).trim()).toBe(branchHead);
    expect(git(repo, ['show', `${checkpoint.commit}:new.txt`])).toBe('agent file\n');
    const diff = await threadDiff(wt, 'main');
    expect(diff.files.map((f) => f.path).sort()).toEqual(['.gitattributes', 'new.txt', 'shared.txt']);
    expect(diff.files.find((f) => f.path === 'shared.txt')?.hunks.length).toBe(1);
    expect(await worktreeDiffStat(wt, 'main')).toEqual({ files: 3, additions: 3, deletions: 1 });
    await restoreTree(wt, checkpoint.commit);
    expect(ran()).toBe('');
  });

  it('merge-checks, commits and merges the real work without running the program', async () => {
    armed();
    const work = await snapshotCommit(wt, 'Task x');
    const matrix = await conflictMatrix(repo, 'main', [{ id: 't_x', commit: work.commit }]);
    expect(matrix.againstBase).toEqual([{ threadId: 't_x', conflicts: [] }]);
    expect(await filesWithMarkers(wt)).toEqual([]);
    const head = await commitThreadWork(wt, 'flotilla/x', 'Task x');
    // The real branch moved, in the real repository.
    expect(git(repo, ['rev-parse', 'refs/heads/flotilla/x']).trim()).toBe(head);
    expect(git(repo, ['rev-parse', `${head}^`]).trim()).toBe(branchHead);
    const report = await runTrain(repo, 'main', [{ id: 't_x', head, message: 'Task x' }], 'rebase');
    expect(report.stopped).toBeNull();
    expect(git(repo, ['show', 'main:new.txt'])).toBe('agent file\n');
    expect(ran()).toBe('');
  });

  it('reverts, resolves and discards in the real worktree without running the program', async () => {
    armed();
    expect((await revertChange(wt, 'main', 'new.txt', null)).ok).toBe(true);
    expect(existsSync(join(wt, 'new.txt'))).toBe(false);
    writeFiles(repo, { 'shared.txt': 'upstream\n' });
    git(repo, ['commit', '--quiet', '-am', 'upstream']);
    expect(await mergeBaseIntoWorktree(wt, 'flotilla/x', 'main', 'Task x')).toEqual(['shared.txt']);
    const target = { threadId: 't_x', repo, worktree: wt, branch: 'flotilla/x', baseBranch: 'main' };
    expect(await discardThreadWork(target, true)).toMatchObject({ removed: true });
    expect(ran()).toBe('');
  });

  it('pins a restored thread\'s worktree from the repository\'s records too', async () => {
    forgetWorktree(wt);
    trustWorktreeOf(repo, wt);
    armed();
    const checkpoint = await createCheckpoint(wt, 't_x', 1);
    expect(git(repo, ['rev-parse', `${checkpoint.commit}^`]).trim()).toBe(branchHead);
    expect((await worktreeDiffStat(wt, 'main')).files).toBe(3);
    expect(ran()).toBe('');
  });
});

describe('a trusted worktree the repository no longer knows', () => {
  let dir: string;
  afterEach(() => removeTempDir(dir));

  it('fails with a GitError instead of following its .git file', async () => {
    dir = makeTempDir();
    const repo = makeRepo(join(dir, 'repo'));
    const wt = join(dir, 'wt');
    await createWorktree(repo, wt, 'flotilla/x', 'main');
    git(repo, ['worktree', 'remove', '--force', wt]);
    makeRepo(wt);
    trustWorktreeOf(repo, wt);
    const error = await runGit(wt, ['status']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect((error as GitError).message).toMatch(/not a worktree of .* any more/);
    expect((error as GitError).kind).toBe('untrusted_worktree');
  });

  it('fails with a GitError when the repository itself is gone', async () => {
    dir = makeTempDir();
    const repo = makeRepo(join(dir, 'repo'));
    const wt = join(dir, 'wt');
    await createWorktree(repo, wt, 'flotilla/x', 'main');
    forgetWorktree(wt);
    removeTempDir(repo);
    trustWorktreeOf(repo, wt);
    await expect(runGit(wt, ['status'])).rejects.toMatchObject({ kind: 'untrusted_worktree' });
  });
});

describe('a nested repository the agent made inside its worktree', () => {
  let dir: string;
  afterEach(() => removeTempDir(dir));

  it('is recorded as a gitlink, and git never runs inside it', async () => {
    dir = makeTempDir();
    const repo = makeRepo(join(dir, 'repo'), { 'a.txt': 'a\n' });
    const wt = join(dir, 'wt');
    await createWorktree(repo, wt, 'flotilla/x', 'main');
    const marker = join(dir, 'agent-program-ran');
    const spy = join(dir, 'spy.sh');
    writeFileSync(spy, `#!/bin/sh\necho "nested $*" >> "${marker}"\n`);
    chmodSync(spy, 0o755);
    const nested = makeRepo(join(wt, 'sub'), { 'inner.txt': 'inner\n', '.gitattributes': '* filter=evil\n' });
    git(nested, ['config', 'core.fsmonitor', spy]);
    git(nested, ['config', 'filter.evil.clean', `${spy}; cat`]);
    git(nested, ['config', 'core.hooksPath', join(dir, 'hooks')]);
    writeFiles(nested, { 'inner.txt': 'dirty\n' });
    git(nested, ['status', '--porcelain']);
    expect(readFileSync(marker, 'utf8')).toContain('nested');
    writeFileSync(marker, '');

    await createCheckpoint(wt, 't_x', 1);
    const head = await commitThreadWork(wt, 'flotilla/x', 'Task x');
    expect(git(repo, ['ls-tree', head, 'sub']).split(' ')[1]).toBe('commit');
    // Now the worktree's own index holds the gitlink: diff-stat and diff look at it.
    await worktreeDiffStat(wt, 'main');
    await threadDiff(wt, 'main');
    await createCheckpoint(wt, 't_x', 2);
    expect(readFileSync(marker, 'utf8')).toBe('');
  });
});

describe('a trusted worktree reached through a symlink', () => {
  let dir: string;
  afterEach(() => removeTempDir(dir));

  it('is pinned all the same', async () => {
    dir = makeTempDir();
    const repo = makeRepo(join(dir, 'repo'));
    const wt = join(dir, 'wt');
    await createWorktree(repo, wt, 'flotilla/x', 'main');
    const marker = join(dir, 'ran');
    // A filter, which the chokepoint's -c overrides do not cover: only the pinned gitdir stops it.
    const evil = makeRepo(join(dir, 'evil'), { 'README.md': 'evil\n' });
    git(evil, ['config', 'filter.evil.clean', `touch ${marker}; cat`]);
    git(evil, ['config', 'core.worktree', wt]);
    writeFiles(wt, { 'README.md': 'agent\n', '.gitattributes': '* filter=evil\n' });
    writeFileSync(join(wt, '.git'), `gitdir: ${join(evil, '.git')}\n`);
    git(wt, ['diff', 'HEAD']);
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
    symlinkSync(wt, join(dir, 'alias'));
    await createCheckpoint(join(dir, 'alias'), 't_x', 1);
    expect((await threadDiff(join(dir, 'alias'), 'main')).files.map((f) => f.path).sort()).toEqual(['.gitattributes', 'README.md']);
    expect(existsSync(marker)).toBe(false);
  });
});
