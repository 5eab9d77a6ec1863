import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RepoInfo } from '../../../src-shared/domain/thread';
import { inspectRepo } from '../../git/repo';
import { git, makeRepo, makeTempDir, removeTempDir, repoFingerprint } from '../../git/test-support/temp-repo';
import { recordingLogger } from '../test-support/fleet-test-support';
import { createWorktrees, planWorktrees, repoWorktreesDir, taskWorktreesRoot } from './task-worktrees';

describe('task worktrees', () => {
  let dir: string;
  let repo: RepoInfo;
  beforeEach(async () => {
    dir = makeTempDir();
    const info = await inspectRepo(makeRepo(join(dir, 'my repo!')));
    if (!info.ok) throw new Error(info.error.message);
    repo = info.value;
  });
  afterEach(() => removeTempDir(dir));

  it('keeps each repository in its own folder under the data dir', () => {
    const root = repoWorktreesDir('/data', repo);
    expect(root).toMatch(/^\/data\/worktrees\/my-repo-[0-9a-f]{8}$/);
    expect(repoWorktreesDir('/data', { ...repo, path: '/elsewhere/my repo!' })).not.toBe(root);
  });

  it('refuses a data dir inside the repository', async () => {
    const inside = join(repo.path, '.flotilla');
    mkdirSync(inside);
    expect(await taskWorktreesRoot(inside, repo)).toMatchObject({ ok: false, error: { code: 'worktree_failed' } });
    mkdirSync(join(dir, 'data'));
    expect(await taskWorktreesRoot(join(dir, 'data'), repo)).toMatchObject({ ok: true });
  });

  it('plans distinct threads, branches and paths', () => {
    const plans = planWorktrees('/root', 'Fix the login bug', 5);
    expect(new Set(plans.map((p) => p.threadId)).size).toBe(5);
    for (const plan of plans) {
      expect(plan.path).toBe(`/root/${plan.threadId}`);
      expect(plan.branch).toBe(`flotilla/fix-the-login-bug-${plan.threadId.slice(2)}`);
    }
  });

  it('creates all or none: a failure rolls back the worktrees and branches already made', async () => {
    const before = repoFingerprint(repo.path);
    const plans = planWorktrees(join(dir, 'wt'), 'task', 3);
    // Git will not add a worktree over a non-empty folder.
    mkdirSync(plans[2]!.path, { recursive: true });
    writeFileSync(join(plans[2]!.path, 'in-the-way.txt'), 'x');
    const result = await createWorktrees(repo, plans, recordingLogger());
    expect(result).toMatchObject({ ok: false, error: { code: 'worktree_failed' } });
    expect(!result.ok && result.error.message).toContain(`Could not create a worktree at ${plans[2]!.path}: `);
    expect(existsSync(plans[0]!.path)).toBe(false);
    expect(existsSync(plans[1]!.path)).toBe(false);
    expect(git(repo.path, ['branch', '--list', 'flotilla/*'])).toBe('');
    expect(git(repo.path, ['worktree', 'list', '--porcelain'])).not.toContain(join(dir, 'wt'));
    expect(repoFingerprint(repo.path)).toEqual(before);
  });
});
