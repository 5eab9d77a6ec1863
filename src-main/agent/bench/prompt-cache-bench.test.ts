/**
 * Prefix stability as a regression test: a scripted task through the in-process agent with real
 * tools and shell must reuse the previous request's whole prompt on every request. Deterministic:
 * the demo model's cache figures depend only on the request bodies.
 */
import { describe, expect, it } from 'vitest';
import { cacheFigures, runCacheBench } from './prompt-cache-bench';

describe('prompt cache', () => {
  it('has no prefix break over an 8-step task of reads and edits', async () => {
    const figures = await runCacheBench({ steps: 8, files: 3 });
    expect(figures.requests).toBe(9);
    expect(figures.prefixBreaks).toBe(0);
  });

  it('has no prefix break with three calls per answer and an approval-mode change mid-task', async () => {
    const figures = await runCacheBench({ steps: 9, files: 3, callsPerAnswer: 3, modeChangeAfterOutputs: 4 });
    expect(figures.requests).toBe(4);
    expect(figures.modeChangeTold).toBe(true);
    expect(figures.prefixBreaks).toBe(0);
  });

  it('counts a request that reuses less than the previous prompt as a break, and skips compactions', () => {
    const record = (inputTokens: number, cachedTokens: number, body: unknown = {}) => ({
      api: 'responses' as const,
      promptCacheKey: 'k',
      model: 'm',
      step: 0,
      inputTokens,
      cachedTokens,
      outputTokens: 0,
      body,
    });
    expect(cacheFigures([record(100, 0), record(150, 98), record(200, 120)]).prefixBreaks).toBe(1);
    const summary = record(300, 10, { input: [{ content: 'You are performing a context checkpoint: your context window' }] });
    const figures = cacheFigures([record(100, 0), summary, record(60, 40)]);
    expect(figures.prefixBreaks).toBe(0);
    expect(figures.ratio).toBeCloseTo(50 / 460);
  });
});
