import { chmodSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkpointRef, createCheckpoint, listCheckpoints, restoreTree } from './checkpoint';
import { git, makeRepo, makeTempDir, removeTempDir, repoFingerprint, writeFiles } from './test-support/temp-repo';
import { createWorktree } from './worktree';

function fingerprint(wt: string): { head: string; index: string; status: string } {
  return {
    head: git(wt, ['rev-parse', 'HEAD']).trim(),
    index: git(wt, ['ls-files', '--stage', '--debug']),
    status: git(wt, ['status', '--porcelain=v1', '--untracked-files=all']),
  };
}

describe('checkpoints', () => {
  let dir: string;
  let repo: string;
  let wt: string;
  beforeEach(async () => {
    dir = makeTempDir();
    repo = makeRepo(join(dir, 'repo'), { 'a.txt': 'a\n', 'gone.txt': 'bye\n', 'run.sh': 'echo hi\n', '.gitignore': '*.log\n' });
    wt = join(dir, 'wt');
    await createWorktree(repo, wt, 'flotilla/cp-1', 'main');
  });
  afterEach(() => removeTempDir(dir));

  it('snapshots the worktree under a hidden ref without touching index, HEAD or files', async () => {
    writeFiles(wt, { 'a.txt': 'changed\n', 'new/untracked.bin': Buffer.from([0, 1, 2, 255]), 'x.log': 'ignored\n' });
    rmSync(join(wt, 'gone.txt'));
    git(wt, ['add', 'a.txt']); // a staged change must stay staged
    const before = fingerprint(wt);
    const userRepo = repoFingerprint(repo);
    const cp = await createCheckpoint(wt, 't_1', 1);
    expect(cp.ref).toBe(checkpointRef('t_1', 1));
    expect(git(repo, ['rev-parse', cp.ref]).trim()).toBe(cp.commit);
    expect(git(repo, ['ls-tree', '-r', '--name-only', cp.commit]).split('\n').filter(Boolean).sort()).toEqual(
      ['.gitignore', 'a.txt', 'new/untracked.bin', 'run.sh'],
    );
    expect(fingerprint(wt)).toEqual(before);
    expect(repoFingerprint(repo)).toEqual(userRepo);
    expect(git(repo, ['branch', '--list']).includes('t_1')).toBe(false);
  });

  it('rolls back byte for byte: modified, deleted, untracked and mode changes', async () => {
    writeFiles(wt, { 'a.txt': 'turn one\n', 'u1.bin': Buffer.from([0, 200, 13, 10]) });
    chmodSync(join(wt, 'run.sh'), 0o755);
    rmSync(join(wt, 'gone.txt'));
    await createCheckpoint(wt, 't_1', 1);
    writeFiles(wt, { 'a.txt': 'turn two\n', 'gone.txt': 'back\n', 'u2.txt': 'later\n', 'keep.log': 'ignored stays\n' });
    rmSync(join(wt, 'u1.bin'));
    chmodSync(join(wt, 'run.sh'), 0o644);
    await createCheckpoint(wt, 't_1', 2);
    const before = fingerprint(wt);
    const head = git(wt, ['rev-parse', 'HEAD']);

    await restoreTree(wt, (await listCheckpoints(repo, 't_1'))[0]!.commit);
    expect(readFileSync(join(wt, 'a.txt'), 'utf8')).toBe('turn one\n');
    expect(readFileSync(join(wt, 'u1.bin'))).toEqual(Buffer.from([0, 200, 13, 10]));
    expect(existsSync(join(wt, 'gone.txt'))).toBe(false);
    expect(existsSync(join(wt, 'u2.txt'))).toBe(false);
    expect(statSync(join(wt, 'run.sh')).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(wt, 'keep.log'), 'utf8')).toBe('ignored stays\n');
    expect(git(wt, ['rev-parse', 'HEAD'])).toBe(head);

    await restoreTree(wt, (await listCheckpoints(repo, 't_1'))[1]!.commit);
    expect(readFileSync(join(wt, 'a.txt'), 'utf8')).toBe('turn two\n');
    expect(readFileSync(join(wt, 'gone.txt'), 'utf8')).toBe('back\n');
    expect(existsSync(join(wt, 'u1.bin'))).toBe(false);
    expect(statSync(join(wt, 'run.sh')).mode & 0o111).toBe(0);
    expect(fingerprint(wt).status).toBe(before.status);
    expect(fingerprint(wt).head).toBe(before.head);
  });

  it('lists checkpoints in turn order', async () => {
    for (const turn of [1, 2, 10]) {
      writeFiles(wt, { 'a.txt': `turn ${turn}\n` });
      await createCheckpoint(wt, 't_2', turn);
    }
    const list = await listCheckpoints(repo, 't_2');
    expect(list.map((c) => c.turn)).toEqual([1, 2, 10]);
    expect(list.every((c) => c.createdAt > 0)).toBe(true);
    expect(await listCheckpoints(repo, 't_none')).toEqual([]);
  });
});
