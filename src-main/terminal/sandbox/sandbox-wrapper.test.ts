import { afterAll, describe, expect, it } from 'vitest';
import type { SandboxPolicy } from '../../../src-shared/protocol/sandbox';
import { makeTempDir } from '../test-support/shell-fixtures';
import type { SandboxSupport } from './detect';
import { buildSandboxWrapper } from './sandbox-wrapper';

const dir = makeTempDir('flotilla-wrapper-');
afterAll(() => dir.remove());
const POLICY: SandboxPolicy = { kind: 'bwrap', network: false, writableRoots: [dir.path], readOnlyPaths: [], hiddenPaths: [] };
const WORKS: SandboxSupport = { kind: 'bwrap', available: true, problem: null, executable: '/usr/bin/bwrap' };
const BROKEN: SandboxSupport = { kind: 'none', available: false, problem: 'bubblewrap cannot create its namespaces here', executable: '/usr/bin/bwrap' };

const build = (policy: SandboxPolicy | undefined, support = WORKS, platform: NodeJS.Platform = 'linux') =>
  buildSandboxWrapper(policy, dir.path, { detect: async () => support, platform });

describe('buildSandboxWrapper', () => {
  it('wraps in bwrap on Linux', async () => {
    const wrapper = await build(POLICY);
    expect(wrapper.kind).toBe('bwrap');
    expect(wrapper.argv?.[0]).toBe('/usr/bin/bwrap');
    expect(wrapper.tmpDir).toBe('/tmp');
  });

  it('runs unwrapped only when there is no policy or the user opted out (kind none)', async () => {
    expect((await build(undefined)).argv).toBeNull();
    expect(await build({ ...POLICY, kind: 'none' })).toMatchObject({ kind: 'none', argv: null });
  });

  it('fails closed where the sandbox does not work, naming the problem', async () => {
    await expect(build(POLICY, BROKEN)).rejects.toMatchObject({ code: 'sandbox_unavailable', message: expect.stringContaining('cannot create its namespaces') });
    await expect(build(POLICY, WORKS, 'darwin')).rejects.toMatchObject({ code: 'sandbox_unavailable' });
    await expect(build({ ...POLICY, kind: 'sandbox-exec' }, WORKS, 'linux')).rejects.toMatchObject({ code: 'sandbox_unavailable' });
  });

  it('fails closed on a policy it cannot honour', async () => {
    await expect(build({ ...POLICY, writableRoots: ['relative/path'] })).rejects.toMatchObject({ code: 'invalid_policy' });
    await expect(build({ ...POLICY, network: 'yes' } as unknown as SandboxPolicy)).rejects.toMatchObject({ code: 'invalid_policy' });
  });

  it('builds a Seatbelt profile with a private temp dir on macOS', async () => {
    const support: SandboxSupport = { kind: 'sandbox-exec', available: true, problem: null, executable: '/usr/bin/sandbox-exec' };
    const wrapper = await build({ ...POLICY, kind: 'sandbox-exec' }, support, 'darwin');
    try {
      expect(wrapper.kind).toBe('sandbox-exec');
      expect(wrapper.argv?.slice(0, 2)).toEqual(['/usr/bin/sandbox-exec', '-p']);
      expect(wrapper.argv).toContain(`-DPRIVATE_TMP=${wrapper.tmpDir}`);
    } finally {
      wrapper.dispose();
    }
  });
});
