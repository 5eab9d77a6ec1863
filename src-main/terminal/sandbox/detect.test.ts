import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { BWRAP_NAMESPACE_FLAGS } from './bwrap-args';
import { bwrapProbeArgs, detectSandbox } from './detect';
import { describeWithBwrap } from './sandbox-test-support';

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
