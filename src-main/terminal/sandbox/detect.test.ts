import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/shell-fixtures';
import { BWRAP_NAMESPACE_FLAGS, BWRAP_NAMESPACE_FLAGS_NESTABLE, BWRAP_NAMESPACE_FLAGS_WITHOUT_USERNS } from './bwrap-args';
import { bwrapProbeArgs, detectSandbox, probeBwrap } from './detect';

const dir = makeTempDir('flotilla-detect-');
afterAll(() => dir.remove());

/** A stand-in bwrap that fails, as a kernel would, whenever its arguments match `refuse`. */
function fakeBwrap(name: string, refuse: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, `#!/bin/sh\ncase " $* " in *"${refuse}"*) echo 'bwrap: No permissions to create new namespace' >&2; exit 1;; esac\nexit 0\n`);
  chmodSync(path, 0o755);
  return path;
}

it('reports a kernel without user namespaces as unavailable, with its problem', async () => {
  const support = await probeBwrap(fakeBwrap('no-userns', ' --unshare-'), false);
  expect(support).toMatchObject({ kind: 'none', available: false });
  expect(support.problem).toContain('No permissions to create new namespace');
});

it('falls back to weaker flags only while they still contain', async () => {
  expect((await probeBwrap(fakeBwrap('old-bwrap', ' --disable-userns '), false)).namespaceFlags).toEqual(BWRAP_NAMESPACE_FLAGS_NESTABLE);
  // Without user namespaces only root can contain (it drops its capabilities); a user cannot.
  const rootOnly = fakeBwrap('root-only', ' --unshare-user ');
  expect((await probeBwrap(rootOnly, true)).namespaceFlags).toEqual(BWRAP_NAMESPACE_FLAGS_WITHOUT_USERNS);
  expect(await probeBwrap(rootOnly, false)).toMatchObject({ available: false });
});
import { describeWithBwrap } from './test-support/sandbox-test-support';

it('probes the sandbox exactly as it is built: every namespace, no network, the whole floor', () => {
  const args = bwrapProbeArgs('/usr/bin/bwrap', BWRAP_NAMESPACE_FLAGS);
  for (const flag of [...BWRAP_NAMESPACE_FLAGS, '--unshare-net', '--die-with-parent', '--proc', '--tmpfs', '--cap-drop']) expect(args).toContain(flag);
  expect(args.slice(-2)).toEqual(['--', 'true']);
});

describeWithBwrap('detectSandbox', () => {
  it('finds bwrap working here, with the namespace flags that work', async () => {
    const support = await detectSandbox();
    expect(support).toMatchObject({ kind: 'bwrap', available: true, problem: null });
    const flags = support.namespaceFlags ?? [];
    expect(flags).toContain('--unshare-pid');
    // The flags it reports really start a sandbox.
    expect(() => execFileSync(support.executable as string, bwrapProbeArgs(support.executable as string, flags))).not.toThrow();
  });
});
