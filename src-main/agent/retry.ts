/** How the loop retries a failed model request: bounded attempts, exponential backoff. */

export interface RetryPolicy {
  /** Total attempts per model request, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A server's Retry-After is honoured up to this; beyond it we would look hung. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 16_000,
  maxRetryAfterMs: 120_000,
};

/** A stream that sends nothing for this long is treated as dead, aborted and retried. */
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

/** Delay before attempt `attempt + 1`, after `attempt` failed (1-based). */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs: number | null): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const exponential = policy.baseDelayMs * 2 ** (attempt - 1);
  // Up to 20% jitter so a fleet of agents that failed together does not retry in lockstep.
  const jitter = 1 + Math.random() * 0.2;
  return Math.min(policy.maxDelayMs, Math.round(exponential * jitter));
}
