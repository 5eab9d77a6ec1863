import { chmodSync, existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCheckpoint } from './checkpoint';
import { threadDiff, turnDiff } from './diff';
import { revertChange } from './diff-revert';
import { git, makeRepo, makeTempDir, removeTempDir, writeFiles } from './test-support/temp-repo';
import { createWorktree } from './worktree';

const LONG = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('threadDiff', () => {
  let dir: string;
  let repo: string;
  let wt: string;
  beforeEach(async () => {
    dir = makeTempDir();
    repo = makeRepo(join(dir, 'repo'), {
      'committed.txt': 'one\n',
      'edit.txt': 'keep\nold\n',
      'rename-me.txt': LONG,
      'script.sh': 'echo hi\n',
      'delete-me.txt': 'x\ny\n',
      'link-me.txt': 'target\n',
      'long.txt': LONG,
    });
    wt = join(dir, 'wt');
    await createWorktree(repo, wt, 'flotilla/diff-1', 'main');
  });
  afterEach(() => removeTempDir(dir));

  it('covers committed, uncommitted and untracked work with renames, binaries, modes and deletions', async () => {
    writeFiles(wt, { 'committed.txt': 'one\ntwo\n' });
    git(wt, ['commit', '--quiet', '-am', 'agent commit']);
    // The base moving on does not show up: the diff is against the merge-base.
    writeFiles(repo, { 'upstream.txt': 'later\n' });
    git(repo, ['add', 'upstream.txt']);
    git(repo, ['commit', '--quiet', '-m', 'upstream']);
    writeFiles(wt, { 'edit.txt': 'keep\nnew\n', 'untracked.txt': 'u1\nu2\n', 'image.bin': Buffer.from([0x89, 0, 1, 2]) });
    git(wt, ['mv', 'rename-me.txt', 'renamed.txt']);
    chmodSync(join(wt, 'script.sh'), 0o755);
    rmSync(join(wt, 'delete-me.txt'));
    rmSync(join(wt, 'link-me.txt'));
    symlinkSync('committed.txt', join(wt, 'link-me.txt'));

    const diff = await threadDiff(wt, 'main');
    expect(diff.baseCommit).toBe(git(repo, ['rev-parse', 'main~1']).trim());
    const byPath = Object.fromEntries(diff.files.map((f) => [f.path, f]));
    expect(Object.keys(byPath).sort()).toEqual(
      ['committed.txt', 'delete-me.txt', 'edit.txt', 'image.bin', 'link-me.txt', 'renamed.txt', 'script.sh', 'untracked.txt'],
    );
    expect(byPath['committed.txt']).toMatchObject({ status: 'modified', additions: 1, deletions: 0 });
    expect(byPath['edit.txt']).toMatchObject({ status: 'modified', additions: 1, deletions: 1 });
    expect(byPath['edit.txt']!.hunks[0]!.lines).toEqual([
      { kind: 'context', text: 'keep', oldNo: 1, newNo: 1 },
      { kind: 'del', text: 'old', oldNo: 2, newNo: null },
      { kind: 'add', text: 'new', oldNo: null, newNo: 2 },
    ]);
    expect(byPath['untracked.txt']).toMatchObject({ status: 'added', additions: 2, newMode: '100644', oldMode: null });
    expect(byPath['image.bin']).toMatchObject({ status: 'added', binary: true, additions: 0, hunks: [] });
    expect(byPath['renamed.txt']).toMatchObject({ status: 'renamed', oldPath: 'rename-me.txt', additions: 0, deletions: 0 });
    expect(byPath['script.sh']).toMatchObject({ status: 'modified', oldMode: '100644', newMode: '100755', hunks: [] });
    expect(byPath['delete-me.txt']).toMatchObject({ status: 'deleted', deletions: 2, newMode: null });
    expect(byPath['link-me.txt']).toMatchObject({ status: 'typechange', oldMode: '100644', newMode: '120000' });
  });

  it('diffs one turn between checkpoints', async () => {
    writeFiles(wt, { 'edit.txt': 'keep\nturn1\n' });
    await createCheckpoint(wt, 't_d', 1);
    writeFiles(wt, { 'edit.txt': 'keep\nturn2\n', 'more.txt': 'm\n' });
    await createCheckpoint(wt, 't_d', 2);
    const first = await turnDiff(repo, 't_d', 1);
    expect(first?.files.map((f) => [f.path, f.additions, f.deletions])).toEqual([['edit.txt', 1, 1]]);
    const second = await turnDiff(repo, 't_d', 2);
    expect(second?.files.map((f) => f.path)).toEqual(['edit.txt', 'more.txt']);
    expect(second?.files[0]!.hunks[0]!.lines.filter((l) => l.kind !== 'context').map((l) => l.text)).toEqual(['turn1', 'turn2']);
    expect(await turnDiff(repo, 't_d', 3)).toBeNull();
  });
});

describe('revertChange', () => {
  let dir: string;
  let wt: string;
  beforeEach(async () => {
    dir = makeTempDir();
    const repo = makeRepo(join(dir, 'repo'), { 'long.txt': LONG, 'other.txt': 'o\n' });
    wt = join(dir, 'wt');
    await createWorktree(repo, wt, 'flotilla/revert-1', 'main');
  });
  afterEach(() => removeTempDir(dir));

  it('reverts one hunk and leaves the others', async () => {
    const edited = LONG.replace('line 2\n', 'line TWO\n').replace('line 28\n', 'line TWENTY-EIGHT\n');
    writeFiles(wt, { 'long.txt': edited });
    expect((await threadDiff(wt, 'main')).files[0]!.hunks).toHaveLength(2);
    expect(await revertChange(wt, 'main', 'long.txt', 1)).toEqual({ ok: true, value: {} });
    expect(readFileSync(join(wt, 'long.txt'), 'utf8')).toBe(LONG.replace('line 2\n', 'line TWO\n'));
    expect((await revertChange(wt, 'main', 'long.txt', 5)).ok).toBe(false);
  });

  it('removes an added file when its only hunk is reverted, rather than leaving it empty', async () => {
    writeFiles(wt, { 'added.txt': 'new\nlines\n' });
    expect((await threadDiff(wt, 'main')).files.map((f) => [f.path, f.status, f.hunks.length])).toEqual([['added.txt', 'added', 1]]);
    expect(await revertChange(wt, 'main', 'added.txt', 0)).toEqual({ ok: true, value: {} });
    expect(existsSync(join(wt, 'added.txt'))).toBe(false);
    expect((await threadDiff(wt, 'main')).files).toEqual([]);
  });

  it('reverts a whole file, an added file and a deletion', async () => {
    writeFiles(wt, { 'long.txt': 'rewritten\n', 'added.txt': 'new\n' });
    rmSync(join(wt, 'other.txt'));
    for (const path of ['long.txt', 'added.txt', 'other.txt']) expect((await revertChange(wt, 'main', path, null)).ok).toBe(true);
    expect(readFileSync(join(wt, 'long.txt'), 'utf8')).toBe(LONG);
    expect(readFileSync(join(wt, 'other.txt'), 'utf8')).toBe('o\n');
    expect((await threadDiff(wt, 'main')).files).toEqual([]);
    expect(await revertChange(wt, 'main', 'nothing.txt', null)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
