import { describe, expect, it } from 'vitest';
import { compactNumber, formatCost, formatDuration, formatElapsed, formatUsage } from './format';

describe('format', () => {
  it('compacts token counts', () => {
    expect(compactNumber(800)).toBe('800');
    expect(compactNumber(1200)).toBe('1.2k');
    expect(compactNumber(12_345)).toBe('12.3k');
    expect(compactNumber(10_000)).toBe('10k');
    expect(compactNumber(1_234_567)).toBe('1.23M');
  });

  it('formats usage like the dashboard shows it', () => {
    const usage = { inputTokens: 12_300, cachedInputTokens: 10_100, outputTokens: 800, reasoningTokens: 0 };
    expect(formatUsage(usage)).toBe('12.3k in · 10.1k cached · 800 out');
    expect(formatUsage({ ...usage, cachedInputTokens: 0 })).toBe('12.3k in · 800 out');
  });

  it('formats elapsed and durations', () => {
    expect(formatElapsed(42_000)).toBe('42s');
    expect(formatElapsed(185_000)).toBe('3m 05s');
    expect(formatElapsed(3_720_000)).toBe('1h 02m');
    expect(formatDuration(320)).toBe('320ms');
    expect(formatDuration(4_240)).toBe('4.2s');
  });

  it('formats estimated cost', () => {
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(0.0042)).toBe('$0.0042');
    expect(formatCost(0.42)).toBe('$0.42');
    expect(formatCost(12.3)).toBe('$12.30');
  });
});
