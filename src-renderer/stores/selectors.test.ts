import { describe, expect, it } from 'vitest';
import { summary } from '../test-support/fixtures';
import { totalCost } from './selectors';

describe('selectors', () => {
  it('sums cost over priced threads only, and has no total when none is priced', () => {
    expect(totalCost([summary({ costUsd: null })])).toBeNull();
    const threads = [summary({ costUsd: 0.25 }), summary({ id: 'b', costUsd: null }), summary({ id: 'c', costUsd: 0.5 })];
    expect(totalCost(threads)).toBe(0.75);
  });
});
