import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitError } from './git';
import { deleteRef, resolveRevs, revParse, updateRef } from './refs';
import { git, makeRepo, makeTempDir, removeTempDir } from './test-support/temp-repo';

describe('refs', () => {
  let dir: string;
  let repo: string;
  let head: string;
  beforeEach(() => {
    dir = makeTempDir();
    repo = makeRepo(join(dir, 'repo'));
    head = git(repo, ['rev-parse', 'HEAD']).trim();
  });
  afterEach(() => removeTempDir(dir));

  it('resolves several revisions in one go, null for those that name nothing', async () => {
    const tree = git(repo, ['rev-parse', 'HEAD^{tree}']).trim();
    expect(await resolveRevs(repo, ['HEAD', 'MERGE_HEAD', 'HEAD^{tree}', 'refs/heads/nope', '0'.repeat(40), head])).toEqual([
      head, null, tree, null, null, head,
    ]);
    expect(await revParse(repo, 'main')).toBe(head);
    await expect(resolveRevs(repo, ['HEAD\nrefs/heads/main'])).rejects.toThrow(/Not a revision/);
  });

  it('moves a ref only from the value the caller expects, and creates only what does not exist', async () => {
    git(repo, ['commit', '--quiet', '--allow-empty', '-m', 'second']);
    const second = git(repo, ['rev-parse', 'HEAD']).trim();
    await updateRef(repo, 'refs/flotilla/x', head, { message: 'test', expected: null });
    await expect(updateRef(repo, 'refs/flotilla/x', second, { message: 'test', expected: null })).rejects.toBeInstanceOf(GitError);
    await expect(updateRef(repo, 'refs/flotilla/x', second, { message: 'test', expected: second })).rejects.toThrow(/expected/);
    expect(git(repo, ['rev-parse', 'refs/flotilla/x']).trim()).toBe(head);
    await updateRef(repo, 'refs/flotilla/x', second, { message: 'test', expected: head });
    await updateRef(repo, 'refs/flotilla/x', head, { message: 'test' });
    expect(git(repo, ['rev-parse', 'refs/flotilla/x']).trim()).toBe(head);
    await deleteRef(repo, 'refs/flotilla/x', 'test');
    expect(await revParse(repo, 'refs/flotilla/x')).toBeNull();
  });
});
