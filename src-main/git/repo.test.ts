import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectRepo } from './repo';
import { git, makeRepo, makeTempDir, removeTempDir } from './test-support/temp-repo';

describe('inspectRepo', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('describes a repository: top level, name, branch, head commit', async () => {
    const root = makeRepo(join(dir, 'my-project'));
    const head = git(root, ['rev-parse', 'HEAD']).trim();
    expect(await inspectRepo(root)).toEqual({
      ok: true,
      value: { path: root, name: 'my-project', currentBranch: 'main', headCommit: head },
    });
  });

  it('resolves a nested path (and a symlink to it) to the top level', async () => {
    const root = makeRepo(join(dir, 'repo'), { 'src/deep/file.txt': 'x\n' });
    const nested = await inspectRepo(join(root, 'src', 'deep'));
    expect(nested).toMatchObject({ ok: true, value: { path: root, name: 'repo' } });
    symlinkSync(join(root, 'src'), join(dir, 'link'));
    expect(await inspectRepo(join(dir, 'link'))).toMatchObject({ ok: true, value: { path: root } });
  });

  it('expands a leading ~ to the home folder', async () => {
    const missing = await inspectRepo('~/no-such-flotilla-folder');
    expect(missing).toMatchObject({ ok: false, error: { message: `No folder at ${join(homedir(), 'no-such-flotilla-folder')}. Check the path.` } });
  });

  it('refuses a relative path, which would resolve against wherever the server was started', async () => {
    const root = makeRepo(join(dir, 'repo'));
    for (const path of [relative(process.cwd(), root), '.', 'repo']) {
      expect(await inspectRepo(path)).toEqual({
        ok: false,
        error: { code: 'invalid_request', message: `${path} is a relative path. Type the repository's full path (starting with / or ~).` },
      });
    }
    expect(await inspectRepo(' ')).toMatchObject({ ok: false, error: { message: "Type the repository's full path (starting with / or ~)." } });
    expect(await inspectRepo(`${root}/`)).toMatchObject({ ok: true, value: { path: root } });
  });

  it('reports a detached HEAD as branch HEAD', async () => {
    const root = makeRepo(join(dir, 'repo'));
    git(root, ['checkout', '--quiet', '--detach']);
    expect(await inspectRepo(root)).toMatchObject({ ok: true, value: { currentBranch: 'HEAD' } });
  });

  it('rejects a missing path', async () => {
    const missing = join(dir, 'nope');
    expect(await inspectRepo(missing)).toEqual({
      ok: false,
      error: { code: 'path_not_found', message: `No folder at ${missing}. Check the path.` },
    });
  });

  it('rejects a file where a folder is expected', async () => {
    writeFileSync(join(dir, 'file.txt'), 'x');
    expect(await inspectRepo(join(dir, 'file.txt'))).toMatchObject({ ok: false, error: { code: 'path_not_found' } });
  });

  it('rejects a folder that is not a repository', async () => {
    const plain = join(dir, 'plain');
    mkdirSync(plain);
    expect(await inspectRepo(plain)).toEqual({
      ok: false,
      error: {
        code: 'not_a_git_repo',
        message: `${plain} is not a git repository. Run \`git init\` there, or choose a repository folder.`,
      },
    });
  });

  it('rejects a repository without commits', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    git(empty, ['init', '--quiet']);
    expect(await inspectRepo(join(empty))).toEqual({
      ok: false,
      error: { code: 'no_commits', message: `${empty} has no commits yet. Make a first commit, then open it again.` },
    });
  });

  it('rejects the inside of a .git folder, saying which folder to choose', async () => {
    const root = makeRepo(join(dir, 'repo'));
    expect(await inspectRepo(join(root, '.git'))).toEqual({
      ok: false,
      error: { code: 'not_a_git_repo', message: `${join(root, '.git')} is inside a repository's .git folder. Choose the repository folder itself (the one that holds .git).` },
    });
  });

  it('calls a bare repository bare, and says how to make a checkout of it', async () => {
    const root = makeRepo(join(dir, 'repo'));
    const bare = join(dir, 'bare.git');
    git(dir, ['clone', '--quiet', '--bare', root, bare]);
    const result = await inspectRepo(bare);
    expect(result).toMatchObject({ ok: false, error: { code: 'not_a_git_repo' } });
    const message = result.ok ? '' : result.error.message;
    expect(message).toMatch(/is a bare repository/);
    expect(message).not.toMatch(/not a git repository/);
    expect(message).toContain(`git -C ${bare} worktree add`);
    expect(message).toContain(`git clone ${bare}`);
  });
});
