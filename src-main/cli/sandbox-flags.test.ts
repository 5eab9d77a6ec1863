/**
 * `flotilla run` and the sandbox, in-process against a real fleet (real git, the fake worker): the
 * plain line at start, the refusal where no sandbox works, and --network / --allow-credentials.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFleetFixture, type FleetFixture } from '../fleet/test-support/fleet-fixture';
import { call } from '../fleet/test-support/fleet-test-support';
import type { SandboxSupport } from '../terminal/sandbox/detect';
import { runCli } from './cli';
import { fakeContext } from './test-support/fake-context';
import { grantsFromFlags } from './sandbox-flags';

const BWRAP: SandboxSupport = { kind: 'bwrap', available: true, problem: null, executable: '/usr/bin/bwrap' };
const MISSING: SandboxSupport = { kind: 'none', available: false, problem: 'bubblewrap (bwrap) is not installed.', executable: null };

let fx: FleetFixture;
beforeEach(async () => {
  fx = await createFleetFixture();
});
afterEach(() => fx.cleanup());

describe('flotilla run and the sandbox', () => {
  it('says the agents run in bubblewrap, and passes --network and --allow-credentials to every thread', async () => {
    const fleet = await fx.openFleet({ detectSandbox: async () => BWRAP });
    const ctx = fakeContext(fx.dir, fleet);
    const code = await runCli(['run', '--repo', fx.repo, '--agents', '2', '--network', '--allow-credentials', 'gh, ssh', 'Go'], ctx);
    expect(ctx.stderr.text().split('\n')[0]).toBe(
      "Agents run in a bubblewrap sandbox: no network, only their worktree writable, your credential folders and Flotilla's data hidden. Network and credential folders can be allowed per thread.",
    );
    expect(code).toBe(0);
    // run disposed its fleet; the threads' logs say what they were started with.
    const threads = await call(await fx.openFleet({ detectSandbox: async () => BWRAP }), 'threads.list', {});
    expect(threads.map((t) => t.sandbox)).toEqual([
      { network: true, credentials: ['ssh', 'gh'] },
      { network: true, credentials: ['ssh', 'gh'] },
    ]);
  });

  it('where no sandbox works, says so and refuses full auto (exit 2) until the user opts in', async () => {
    const fleet = await fx.openFleet({ detectSandbox: async () => MISSING });
    const ctx = fakeContext(fx.dir, fleet);
    expect(await runCli(['run', '--repo', fx.repo, '--agents', '1', 'Go'], ctx)).toBe(2);
    const [line, error] = ctx.stderr.text().split('\n');
    expect(line).toMatch(/^No sandbox works here: bubblewrap \(bwrap\) is not installed\. .*full auto is off/);
    expect(error).toMatch(/^Full auto needs a sandbox, and none works here: .*"allowUnsandboxed": true in /);
    expect(await call(await fx.openFleet(), 'threads.list', {})).toEqual([]);
  });

  it('rejects a credential folder it does not know, naming the known ones', () => {
    expect(() => grantsFromFlags({ 'allow-credentials': 'ssh,keychain' })).toThrow(/unknown keychain; choose from ssh, aws, gh/);
    expect(grantsFromFlags({})).toEqual({ network: false, credentials: [] });
  });
});
