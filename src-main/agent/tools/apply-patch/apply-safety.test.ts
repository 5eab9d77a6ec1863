import { chmod, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPatch } from './apply';
import { NODE_COMMIT_FS, type CommitFs } from './commit';
import { makeTempDir, patch, readTree, removeDir, writeTree } from './test-tree';

describe('applyPatch confinement and atomicity', () => {
  let base = '';
  let root = '';
  let outside = '';
  beforeEach(async () => {
    base = await makeTempDir();
    root = path.join(base, 'worktree');
    outside = path.join(base, 'outside');
    await mkdir(root);
    await writeTree(outside, { 'secret.txt': 'secret\n' });
  });
  afterEach(async () => {
    await removeDir(base);
  });

  it('accepts an absolute path inside the worktree, as Codex does, and refuses one outside', async () => {
    const inside = path.join(root, 'notes.txt');
    expect(await applyPatch(root, patch(`*** Add File: ${inside}`, '+hello'))).toMatchObject({ ok: true });
    expect(await readFile(inside, 'utf8')).toBe('hello\n');
    const escape = path.join(outside, 'secret.txt');
    expect(await applyPatch(root, patch(`*** Delete File: ${escape}`))).toMatchObject({ ok: false, error: expect.stringContaining('outside the worktree') });
    expect(await readFile(escape, 'utf8')).toBe('secret\n');
  });

  it('refuses to write through a symlinked directory that leads outside', async () => {
    await symlink(outside, path.join(root, 'link'));
    const result = await applyPatch(root, patch('*** Add File: link/evil.txt', '+x'));
    expect(result).toEqual({ ok: false, error: expect.stringContaining('outside the worktree through a symlink') });
    expect(await readTree(outside)).toEqual({ 'secret.txt': 'secret\n' });
  });

  it('refuses to update a symlinked file that leads outside', async () => {
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'secret.txt'));
    const result = await applyPatch(root, patch('*** Update File: secret.txt', '@@', '-secret', '+owned'));
    expect(result.ok).toBe(false);
    expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('secret\n');
  });

  it('follows a symlink that stays inside the worktree', async () => {
    await writeTree(root, { 'real/a.txt': 'a\n' });
    await symlink(path.join(root, 'real'), path.join(root, 'alias'));
    const result = await applyPatch(root, patch('*** Update File: alias/a.txt', '@@', '-a', '+b'));
    expect(result.ok).toBe(true);
    expect(await readFile(path.join(root, 'real/a.txt'), 'utf8')).toBe('b\n');
  });

  it('deletes a symlink itself, never its target', async () => {
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));
    const result = await applyPatch(root, patch('*** Delete File: link.txt'));
    expect(result.ok).toBe(true);
    expect(await readTree(root)).toEqual({});
    expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('secret\n');
  });

  it('keeps a file mode across an update', async () => {
    await writeTree(root, { 'run.sh': '#!/bin/sh\necho hi\n' });
    await chmod(path.join(root, 'run.sh'), 0o755);
    const result = await applyPatch(root, patch('*** Update File: run.sh', '@@', '-echo hi', '+echo bye'));
    expect(result.ok).toBe(true);
    expect((await stat(path.join(root, 'run.sh'))).mode & 0o777).toBe(0o755);
  });

  it('refuses to update a file that is not UTF-8 text', async () => {
    await writeFile(path.join(root, 'bin.dat'), Buffer.from([0xff, 0xfe, 0x00, 0x80]));
    const result = await applyPatch(root, patch('*** Update File: bin.dat', '@@', '-x', '+y'));
    expect(result).toEqual({ ok: false, error: `Failed to read file to update ${path.join(root, 'bin.dat')}: invalid utf-8 sequence of 1 bytes from index 0` });
  });

  it('reports additions and deletions per file', async () => {
    await writeTree(root, { 'a.txt': 'one\ntwo\nthree\n', 'gone.txt': 'x\ny\n' });
    const result = await applyPatch(
      root,
      patch('*** Update File: a.txt', '@@', ' one', '-two', '+2', '+2b', '*** Delete File: gone.txt', '*** Add File: n.txt', '+n'),
    );
    expect(result.ok && result.changes).toEqual([
      { path: 'a.txt', kind: 'update', movePath: null, additions: 2, deletions: 1 },
      { path: 'gone.txt', kind: 'delete', movePath: null, additions: 0, deletions: 2 },
      { path: 'n.txt', kind: 'add', movePath: null, additions: 1, deletions: 0 },
    ]);
  });

  const before = { 'a.txt': 'a\n', 'c.txt': 'c\n', 'exec.sh': 'x\n' };
  const multiFile = patch(
    '*** Update File: a.txt', '@@', '-a', '+A',
    '*** Delete File: c.txt',
    '*** Add File: new/dir/b.txt', '+b',
    '*** Update File: exec.sh', '@@', '-x', '+y',
  );

  it('puts back what was written when a rename fails midway', async () => {
    await writeTree(root, before);
    await chmod(path.join(root, 'exec.sh'), 0o755);
    const result = await applyPatch(root, multiFile, failingOn('rename', 3));
    expect(result).toEqual({ ok: false, error: `Failed to write file ${path.join(root, 'exec.sh')}` });
    expect(await readTree(root)).toEqual(before);
    expect((await stat(path.join(root, 'exec.sh'))).mode & 0o777).toBe(0o755);
    expect((await readdir(root)).sort()).toEqual(['a.txt', 'c.txt', 'exec.sh']); // no temps, no new/
  });

  it('says which files it could not put back when the rollback fails too', async () => {
    await writeTree(root, before);
    // Staging writes three temps; the rollback's first write restores c.txt.
    const result = await applyPatch(root, multiFile, failingOn('rename', 3, { writeFile: 4 }));
    expect(result).toEqual({ ok: false, error: expect.stringContaining(`\nCould not restore: ${path.join(root, 'c.txt')}; check them by hand.`) });
    expect(await readTree(root)).toEqual({ 'a.txt': 'a\n', 'exec.sh': 'x\n' });
  });

  it('leaves nothing behind when staging a temp file fails', async () => {
    await writeTree(root, before);
    const result = await applyPatch(root, multiFile, failingOn('writeFile', 2));
    expect(result).toEqual({ ok: false, error: `Failed to write file ${path.join(root, 'new/dir/b.txt')}` });
    expect(await readTree(root)).toEqual(before);
    expect((await readdir(root)).sort()).toEqual(['a.txt', 'c.txt', 'exec.sh']);
  });
});

describe('applyPatch and git metadata', () => {
  let root = '';
  const gitFile = 'gitdir: /repo/.git/worktrees/t_1\n';
  beforeEach(async () => {
    root = await makeTempDir();
    await writeTree(root, { '.git': gitFile, 'sub/.git/config': '[core]\n', 'a.txt': 'a\n', '.gitignore': 'x\n' });
  });
  afterEach(async () => {
    await removeDir(root);
  });

  const GIT_PATHS = ['.git', './.git', 'sub/.git/config', 'sub/.git/hooks/post-checkout', '.GIT', '.Git/config', 'new/.git/config',
    'a/../.git', '.git.', '.git /config', 'git~1/config', '.g\u200cit', 'sub\\.git\\config'];

  it.each(GIT_PATHS)('refuses to add, update, delete or move to %j', async (target) => {
    const before = await readTree(root);
    const attempts = [
      patch(`*** Add File: ${target}`, '+gitdir: /tmp/evil'),
      patch(`*** Update File: ${target}`, '@@', '-gitdir: /repo/.git/worktrees/t_1', '+gitdir: /tmp/evil'),
      patch(`*** Delete File: ${target}`),
      patch('*** Update File: a.txt', `*** Move to: ${target}`, '@@', '-a', '+gitdir: /tmp/evil'),
    ];
    for (const attempt of attempts) {
      const result = await applyPatch(root, attempt);
      expect(result).toEqual({ ok: false, error: expect.stringMatching(/^Refusing path '.*': it is inside \.git/) });
    }
    expect(await readTree(root)).toEqual(before);
  });

  it('refuses a symlink that leads into .git', async () => {
    await symlink(path.join(root, '.git'), path.join(root, 'innocent'));
    await symlink(path.join(root, 'sub', '.git'), path.join(root, 'meta'));
    expect(await applyPatch(root, patch('*** Update File: innocent', '@@', '-gitdir: /repo/.git/worktrees/t_1', '+gitdir: /tmp/evil'))).toMatchObject({ ok: false });
    expect(await applyPatch(root, patch('*** Add File: meta/hooks/pre-commit', '+#!/bin/sh'))).toMatchObject({ ok: false });
    expect(await readFile(path.join(root, '.git'), 'utf8')).toBe(gitFile);
  });

  it('still edits files whose names only start with .git', async () => {
    const result = await applyPatch(root, patch('*** Update File: .gitignore', '@@', '-x', '+y', '*** Add File: .github/ci.yml', '+on: push', '*** Add File: lib.git/x', '+x'));
    expect(result.ok).toBe(true);
    expect(await readFile(path.join(root, '.gitignore'), 'utf8')).toBe('y\n');
  });
});

/** The real filesystem, except that the nth call of a method throws. */
function failingOn(method: 'rename' | 'writeFile', nth: number, more: Partial<Record<'rename' | 'writeFile', number>> = {}): CommitFs {
  const failAt = { [method]: nth, ...more };
  const io: CommitFs = { ...NODE_COMMIT_FS };
  for (const name of ['rename', 'writeFile'] as const) {
    let calls = 0;
    const real = NODE_COMMIT_FS[name] as (a: string, b: string | Buffer) => Promise<void>;
    io[name] = async (a: string, b: string & Buffer) => {
      calls += 1;
      if (calls === failAt[name]) throw new Error('injected');
      return real(a, b);
    };
  }
  return io;
}
