/**
 * What model requests cost: one token-usage shape for a request (the worker's `usage` event), a
 * turn's sum (the transcript's turn_usage item) and a thread's total (its summary), and one price
 * shape for settings.json's price table and the price a thread's summary carries.
 */
import { z } from 'zod';

export const TokenUsageSchema = z.object({
  inputTokens: z.number(),
  /** The part of inputTokens the provider served from its prompt cache. */
  cachedInputTokens: z.number(),
  outputTokens: z.number(),
  /** The part of outputTokens spent on reasoning. */
  reasoningTokens: z.number(),
});
export type TokenUsage = z.infer<typeof TokenUsageSchema>;

/** USD per million tokens. Cached input is billed at its own rate; output includes reasoning. */
export const ModelPriceSchema = z.object({
  inputPerMTok: z.number().nonnegative(),
  cachedInputPerMTok: z.number().nonnegative(),
  outputPerMTok: z.number().nonnegative(),
});
export type ModelPrice = z.infer<typeof ModelPriceSchema>;
