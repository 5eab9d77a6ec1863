import { describe, expect, it } from 'vitest';
import { costUsd, DEFAULT_PRICES, priceFor } from './pricing';

describe('pricing', () => {
  it('prices a model by its own entry, else by the entry it extends, else not at all', () => {
    expect(priceFor(DEFAULT_PRICES, 'gpt-5-mini')).toEqual(DEFAULT_PRICES['gpt-5-mini']);
    expect(priceFor(DEFAULT_PRICES, 'gpt-5-mini-2025-08-07')).toEqual(DEFAULT_PRICES['gpt-5-mini']);
    expect(priceFor(DEFAULT_PRICES, 'gpt-5-2025-08-07')).toEqual(DEFAULT_PRICES['gpt-5']);
    expect(priceFor(DEFAULT_PRICES, 'qwen2.5-coder')).toBeNull();
    expect(priceFor(DEFAULT_PRICES, 'gpt-50')).toBeNull();
  });

  it('bills uncached input, cached input and output at their own rates', () => {
    const price = { inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8 };
    const usage = { inputTokens: 1_000_000, cachedInputTokens: 600_000, outputTokens: 250_000, reasoningTokens: 100_000 };
    expect(costUsd(usage, price)).toBeCloseTo(0.4 * 2 + 0.6 * 0.5 + 0.25 * 8);
  });
});
