import { describe, expect, it } from 'vitest';
import type { SandboxPlan } from './sandbox-plan';
import { SANDBOX_EXEC, seatbeltArgs, seatbeltProfile } from './seatbelt-profile';

const EVIL = '/Users/u/evil") (allow file-write* (subpath "/")) ; \n(allow network*)';

const PLAN: SandboxPlan = {
  network: false,
  rules: [
    { path: '/Users/u/Library/Application Support/Flotilla', access: 'hidden', node: 'dir' },
    { path: '/Users/u/.ssh', access: 'hidden', node: 'dir' },
    { path: '/Users/u/code/repo/.git', access: 'read-only', node: 'dir' },
    { path: EVIL, access: 'hidden', node: 'missing' },
    { path: '/Users/u/Library/Application Support/Flotilla/worktrees/r/t', access: 'writable', node: 'dir' },
    { path: '/Users/u/Library/Application Support/Flotilla/worktrees/r/t/.git', access: 'read-only', node: 'file' },
  ],
};

/** The profile as s-expressions: fails on unbalanced parentheses or an unterminated string. */
function parse(text: string): unknown[] {
  const tokens = text.replace(/;[^\n]*/g, '').match(/#?"(?:[^"\\]|\\.)*"|[()]|[^\s()"]+/g) ?? [];
  const stack: unknown[][] = [[]];
  for (const token of tokens) {
    if (token === '(') stack.push([]);
    else if (token === ')') {
      const done = stack.pop();
      if (!done || stack.length === 0) throw new Error('unbalanced )');
      stack[stack.length - 1]?.push(done);
    } else stack[stack.length - 1]?.push(token);
  }
  if (stack.length !== 1) throw new Error('unbalanced (');
  return stack[0] as unknown[];
}

/** The policy's own rules for `operation` (those naming a path parameter). */
function forms(profile: string, operation: string): string[] {
  return profile.split('\n').filter((line) => line.startsWith(`(allow ${operation} (`) && line.includes('(param '));
}

describe('seatbeltProfile', () => {
  const { profile, params } = seatbeltProfile(PLAN, { tmpDir: '/private/var/folders/x/T/flotilla-agent-tmp-1' });

  it('denies by default and lets the shell fork and exec', () => {
    expect(profile.startsWith('(version 1)\n(deny default)\n')).toBe(true);
    expect(profile).toContain('(allow process-exec)');
    expect(profile).toContain('(allow process-fork)');
  });

  it('keeps every path out of the profile text: a quote or newline cannot break out', () => {
    expect(profile).not.toContain('/Users/');
    expect(profile).not.toContain('evil');
    expect(Object.values(params)).toContain(EVIL);
    const tree = parse(profile);
    expect(tree[0]).toEqual(['version', '1']);
    // Every parameter the profile names is defined.
    const used = [...profile.matchAll(/\(param "([A-Z_0-9]+)"\)/g)].map((m) => m[1] as string);
    expect(used.length).toBeGreaterThan(5);
    expect(used.filter((name) => !(name in params))).toEqual([]);
    const argv = seatbeltArgs(PLAN, { tmpDir: '/tmp/x' });
    expect(argv.slice(0, 3)).toEqual([SANDBOX_EXEC, '-p', seatbeltProfile(PLAN, { tmpDir: '/tmp/x' }).profile]);
    expect(argv).toContain(`-DHIDDEN_3=${EVIL}`);
    expect(argv[argv.length - 1]).toBe('--');
  });

  it('reads everywhere but the hidden paths, and reads the worktree inside the hidden data dir again', () => {
    const reads = forms(profile, 'file-read*');
    expect(reads[0]).toBe('(allow file-read* (require-not (require-any (subpath (param "HIDDEN_0")) (subpath (param "HIDDEN_1")) (subpath (param "HIDDEN_3")))))');
    expect(reads).toContain('(allow file-read* (subpath (param "WRITABLE_4")))');
    expect(reads).toContain('(allow file-read* (subpath (param "READ_ONLY_5")))');
    expect(profile).not.toMatch(/\(allow file-read\*\)/);
  });

  it('writes only in the writable roots and the private temp dir, never into the read-only paths', () => {
    const writes = profile.split('\n').filter((line) => line.includes('file-write*') && !line.includes('/dev/'));
    expect(writes).toEqual([
      '(allow file-read* file-write* (subpath (param "PRIVATE_TMP")))',
      '(allow file-write* (require-all (subpath (param "WRITABLE_4")) (require-not (require-any (subpath (param "READ_ONLY_5"))))))',
    ]);
    expect(params.PRIVATE_TMP).toBe('/private/var/folders/x/T/flotilla-agent-tmp-1');
  });

  it('denies the network unless the policy allows it', () => {
    expect(profile).not.toMatch(/network-outbound|system-socket/);
    const networked = seatbeltProfile({ ...PLAN, network: true }, { tmpDir: '/tmp/x' }).profile;
    expect(networked).toContain('(allow network-outbound (remote ip "*:*"))');
    expect(networked).toContain('(allow system-socket)');
    // Never every outbound kind: that would include connecting to any unix socket.
    expect(networked).not.toContain('(allow network-outbound)');
    expect(networked).not.toMatch(/\(allow network\*/);
  });

  it('keeps its inherited terminal usable, and reads no other process through sysctl', () => {
    expect(profile).toContain('(allow file-ioctl (regex #"^/dev/ttys[0-9]+$"))');
    // Full access to a pty by name only with the extension sandboxed openpty() grants.
    expect(profile).toContain('(allow file-read* file-write* (require-all (regex #"^/dev/ttys[0-9]+$") (extension "com.apple.sandbox.pty")))');
    expect(profile).not.toMatch(/kern\.procargs/);
    expect(profile).not.toMatch(/\(allow sysctl-read\)/);
  });
});
