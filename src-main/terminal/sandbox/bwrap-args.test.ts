import { describe, expect, it } from 'vitest';
import { BWRAP_NAMESPACE_FLAGS, bwrapArgs } from './bwrap-args';
import type { SandboxPlan } from './sandbox-plan';

const PLAN: SandboxPlan = {
  network: false,
  rules: [
    { path: '/data', access: 'hidden', node: 'dir' },
    { path: '/home/u/.aws', access: 'hidden', node: 'missing' },
    { path: '/home/u/.netrc', access: 'hidden', node: 'file' },
    { path: '/data/worktrees/r/t', access: 'writable', node: 'dir' },
    { path: '/repo/.git/worktrees/t', access: 'read-only', node: 'dir' },
    { path: '/data/worktrees/r/t/.git', access: 'read-only', node: 'file' },
  ],
};

const argv = (plan: SandboxPlan = PLAN) => bwrapArgs(plan, { executable: '/usr/bin/bwrap', namespaceFlags: BWRAP_NAMESPACE_FLAGS, cwd: '/data/worktrees/r/t' });

/** Position of the flag `flag` followed by `args`, or -1. */
function indexOf(list: string[], flag: string, ...args: string[]): number {
  return list.findIndex((item, i) => item === flag && args.every((arg, j) => list[i + 1 + j] === arg));
}

describe('bwrapArgs', () => {
  it('lays the floor first: read-only root, /dev, a fresh /proc, a private /tmp, no capabilities', () => {
    const args = argv();
    expect(args.slice(0, 2)).toEqual(['/usr/bin/bwrap', '--die-with-parent']);
    for (const flag of ['--unshare-user', '--disable-userns', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--unshare-net']) {
      expect(args).toContain(flag);
    }
    const floor = [indexOf(args, '--cap-drop', 'ALL'), indexOf(args, '--ro-bind', '/', '/'), indexOf(args, '--dev', '/dev'), indexOf(args, '--proc', '/proc'), indexOf(args, '--tmpfs', '/tmp')];
    expect(floor.every((i) => i > 0)).toBe(true);
    expect(floor).toEqual([...floor].sort((a, b) => a - b));
    expect(floor[4]).toBeLessThan(indexOf(args, '--tmpfs', '/data'));
    expect(args.slice(-3)).toEqual(['--chdir', '/data/worktrees/r/t', '--']);
  });

  it('never takes the terminal away with --new-session', () => {
    expect(argv()).not.toContain('--new-session');
  });

  it('masks the data dir, binds the worktree back, re-binds .git read-only on top, then seals the mask', () => {
    const args = argv();
    const mask = indexOf(args, '--tmpfs', '/data');
    const worktree = indexOf(args, '--bind', '/data/worktrees/r/t', '/data/worktrees/r/t');
    const gitFile = indexOf(args, '--ro-bind', '/data/worktrees/r/t/.git', '/data/worktrees/r/t/.git');
    const seal = indexOf(args, '--remount-ro', '/data');
    expect([mask, worktree, gitFile, seal].every((i) => i > 0)).toBe(true);
    expect(mask).toBeLessThan(worktree);
    expect(worktree).toBeLessThan(gitFile);
    expect(gitFile).toBeLessThan(seal);
    expect(indexOf(args, '--ro-bind', '/repo/.git/worktrees/t', '/repo/.git/worktrees/t')).toBeGreaterThan(0);
  });

  it('masks a hidden file with /dev/null and skips one that does not exist', () => {
    const args = argv();
    expect(indexOf(args, '--ro-bind', '/dev/null', '/home/u/.netrc')).toBeGreaterThan(0);
    expect(args).not.toContain('/home/u/.aws');
    expect(indexOf(args, '--remount-ro', '/home/u/.netrc')).toBe(-1);
  });

  it("masks /run (the daemons' sockets) but resolv.conf's folder, and seals it after the policy's mounts", () => {
    const args = bwrapArgs(PLAN, { executable: 'bwrap', namespaceFlags: [], cwd: '/', hostRun: { mask: true, keep: ['/run/systemd/resolve'] } });
    const mask = indexOf(args, '--tmpfs', '/run');
    expect(mask).toBeGreaterThan(indexOf(args, '--tmpfs', '/tmp'));
    expect(indexOf(args, '--ro-bind', '/run/systemd/resolve', '/run/systemd/resolve')).toBe(mask + 2);
    expect(indexOf(args, '--remount-ro', '/run')).toBeGreaterThan(indexOf(args, '--ro-bind', '/data/worktrees/r/t/.git', '/data/worktrees/r/t/.git'));
    expect(bwrapArgs(PLAN, { executable: 'bwrap', namespaceFlags: [], cwd: '/', hostRun: { mask: false, keep: [] } })).not.toContain('/run');
  });

  it('shares the network namespace only when the policy allows it', () => {
    expect(argv({ ...PLAN, network: true })).not.toContain('--unshare-net');
  });
});
