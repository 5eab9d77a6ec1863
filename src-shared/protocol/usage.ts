/**
 * What model requests cost in tokens: one shape for a request's usage (the worker's `usage`
 * event), a turn's sum (the transcript's turn_usage item) and a thread's total (its summary).
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
