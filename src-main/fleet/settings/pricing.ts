/**
 * What a thread's tokens cost: a price table per model (USD per million tokens), built-in defaults
 * for common OpenAI models that the user's `prices` in settings.json extend or override. Cached
 * input is billed at its own rate; output includes reasoning tokens, as the APIs report them.
 */
import type { Usage } from '../../../src-shared/domain/thread';
import type { ModelPrice } from '../../../src-shared/protocol/usage';

// One schema for settings.json's table and the price a thread's summary carries to clients.
export { ModelPriceSchema, type ModelPrice } from '../../../src-shared/protocol/usage';

/** OpenAI's list prices (standard tier) when this table was written; settings.json can correct them. */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-5': { inputPerMTok: 1.25, cachedInputPerMTok: 0.125, outputPerMTok: 10 },
  'gpt-5-codex': { inputPerMTok: 1.25, cachedInputPerMTok: 0.125, outputPerMTok: 10 },
  'gpt-5-mini': { inputPerMTok: 0.25, cachedInputPerMTok: 0.025, outputPerMTok: 2 },
  'gpt-5-nano': { inputPerMTok: 0.05, cachedInputPerMTok: 0.005, outputPerMTok: 0.4 },
  'gpt-4.1': { inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8 },
  'gpt-4.1-mini': { inputPerMTok: 0.4, cachedInputPerMTok: 0.1, outputPerMTok: 1.6 },
  'gpt-4o': { inputPerMTok: 2.5, cachedInputPerMTok: 1.25, outputPerMTok: 10 },
  'gpt-4o-mini': { inputPerMTok: 0.15, cachedInputPerMTok: 0.075, outputPerMTok: 0.6 },
  o3: { inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8 },
  'o4-mini': { inputPerMTok: 1.1, cachedInputPerMTok: 0.275, outputPerMTok: 4.4 },
};

/**
 * The price of `model`: its own entry, else the longest entry it extends with a dated or variant
 * suffix ("gpt-5-2025-08-07" is priced as "gpt-5"); null when the table does not know it.
 */
export function priceFor(prices: Readonly<Record<string, ModelPrice>>, model: string): ModelPrice | null {
  const exact = prices[model];
  if (exact) return exact;
  const base = Object.keys(prices)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return base === undefined ? null : (prices[base] ?? null);
}

export function costUsd(usage: Usage, price: ModelPrice): number {
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const dollars =
    (usage.inputTokens - cached) * price.inputPerMTok + cached * price.cachedInputPerMTok + usage.outputTokens * price.outputPerMTok;
  return dollars / 1_000_000;
}
