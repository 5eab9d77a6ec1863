/**
 * For the sandbox's tests: a guard that fails loudly in CI when bwrap is missing and skips,
 * saying why, elsewhere; and the fleet-like fixture.
 */
import { describe, it } from 'vitest';
import { detectSandbox } from '../detect';

export { makeFleetLikeFixture, type FleetLikeFixture } from '../sandbox-fixture';

const support = await detectSandbox();

/** describe() that needs a working bwrap: an error in CI without one, a printed skip elsewhere. */
export function describeWithBwrap(name: string, body: () => void): void {
  if (support.available && support.kind === 'bwrap') {
    describe(name, body);
    return;
  }
  const reason = support.problem ?? `the sandbox here is ${support.kind}, not bwrap`;
  if (process.env.CI) {
    describe(name, () => it('needs bubblewrap', () => { throw new Error(`CI must run the sandbox tests, but: ${reason}`); }));
    return;
  }
  console.warn(`Skipping "${name}": ${reason}`);
  describe.skip(name, body);
}
