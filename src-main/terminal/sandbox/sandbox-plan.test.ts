import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SandboxPolicy } from '../../../src-shared/protocol/sandbox';
import { makeTempDir } from '../test-support/shell-fixtures';
import { planSandbox, type NodeKind, type PlanFs } from './sandbox-plan';

/** A file system of plain paths (no links): what exists and whether it is a folder. */
function fakeFs(nodes: Record<string, NodeKind>): PlanFs {
  return { realpath: (path) => path, kind: (path) => nodes[path] ?? (path === '/' ? 'dir' : 'missing') };
}

const FS = fakeFs({
  '/data': 'dir',
  '/data/worktrees/r/t': 'dir',
  '/data/worktrees/r/t/.git': 'file',
  '/repo/.git': 'dir',
  '/repo/.git/worktrees/t': 'dir',
  '/home/u/.ssh': 'dir',
  '/home/u/.netrc': 'file',
});

function policy(overrides: Partial<SandboxPolicy> = {}): SandboxPolicy {
  return {
    kind: 'bwrap',
    network: false,
    writableRoots: ['/data/worktrees/r/t'],
    readOnlyPaths: ['/data/worktrees/r/t/.git', '/repo/.git/worktrees/t', '/repo/.git'],
    hiddenPaths: ['/data', '/home/u/.ssh', '/home/u/.netrc', '/home/u/.aws'],
    ...overrides,
  };
}

describe('planSandbox', () => {
  it('orders rules from the outer path to the inner, so the worktree comes back inside the hidden data dir', () => {
    const plan = planSandbox(policy(), FS);
    expect(plan.rules.map((rule) => `${rule.access} ${rule.path} ${rule.node}`)).toEqual([
      'hidden /data dir',
      'read-only /repo/.git dir',
      'hidden /home/u/.aws missing',
      'hidden /home/u/.netrc file',
      'hidden /home/u/.ssh dir',
      'writable /data/worktrees/r/t dir',
      'read-only /repo/.git/worktrees/t dir',
      'read-only /data/worktrees/r/t/.git file',
    ]);
  });

  it('settles a path named twice for the stricter word', () => {
    const plan = planSandbox(policy({ readOnlyPaths: ['/data/worktrees/r/t'], hiddenPaths: ['/repo/.git'], writableRoots: ['/data/worktrees/r/t', '/repo/.git'] }), FS);
    expect(plan.rules.map((rule) => `${rule.access} ${rule.path}`)).toEqual(['hidden /repo/.git', 'read-only /data/worktrees/r/t']);
  });

  it('shows a read-only path named inside a hidden one (a repository kept in the data dir), read-only', () => {
    const plan = planSandbox(policy({ writableRoots: [], readOnlyPaths: ['/data/worktrees/r/t/.git'] }), FS);
    expect(plan.rules.map((rule) => `${rule.access} ${rule.path}`).slice(-1)).toEqual(['read-only /data/worktrees/r/t/.git']);
  });

  it('refuses a missing read-only path inside a writable root, which the agent could create', () => {
    expect(() => planSandbox(policy({ readOnlyPaths: ['/data/worktrees/r/t/.git', '/data/worktrees/r/t/.codex'] }), FS)).toThrow(/\.codex does not exist/);
    // Outside any writable root the read-only file system already keeps it from appearing.
    expect(() => planSandbox(policy({ readOnlyPaths: ['/repo/missing/.git'] }), FS)).not.toThrow();
  });

  it.each([
    ['a relative path', { writableRoots: ['data/worktrees'] }, /not an absolute path/],
    ['a NUL byte', { hiddenPaths: ['/data\0/x'] }, /not an absolute path/],
    ['/ as a writable root', { writableRoots: ['/'] }, /nothing contained/],
    ['/ as a hidden path', { hiddenPaths: ['/../'] }, /nothing contained/],
    ['a missing writable root', { writableRoots: ['/gone'] }, /writable root \/gone does not exist/],
  ])('refuses %s', (_name, overrides, message) => {
    expect(() => planSandbox(policy(overrides), FS)).toThrow(message);
  });
});

describe('planSandbox on the real file system', () => {
  const dir = makeTempDir('flotilla-plan-');
  afterAll(() => dir.remove());

  it('resolves symlinks, so a mask lands on the real folder', () => {
    mkdirSync(join(dir.path, 'real-aws'));
    symlinkSync(join(dir.path, 'real-aws'), join(dir.path, 'aws-link'));
    mkdirSync(join(dir.path, 'wt'));
    const plan = planSandbox({ kind: 'bwrap', network: false, writableRoots: [join(dir.path, 'wt')], readOnlyPaths: [], hiddenPaths: [join(dir.path, 'aws-link')] });
    expect(plan.rules).toContainEqual({ path: join(dir.path, 'real-aws'), access: 'hidden', node: 'dir' });
  });

  it('refuses a read-only path reached through a symlink inside the writable root', () => {
    mkdirSync(join(dir.path, 'wt2', 'sub'), { recursive: true });
    writeFileSync(join(dir.path, 'wt2', 'sub', 'config'), '');
    symlinkSync(join(dir.path, 'wt2', 'sub'), join(dir.path, 'wt2', '.git'));
    expect(() =>
      planSandbox({ kind: 'bwrap', network: false, writableRoots: [join(dir.path, 'wt2')], readOnlyPaths: [join(dir.path, 'wt2', '.git')], hiddenPaths: [] }),
    ).toThrow(/symbolic link inside the writable root/);
  });
});
