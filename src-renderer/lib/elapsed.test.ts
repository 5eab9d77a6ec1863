import { describe, expect, it } from 'vitest';
import { elapsedMs } from './elapsed';

describe('elapsedMs', () => {
  it('runs to now while working and to finishedAt once finished', () => {
    expect(elapsedMs({ createdAt: 1_000, finishedAt: null }, 5_000)).toBe(4_000);
    expect(elapsedMs({ createdAt: 1_000, finishedAt: 3_000 }, 9_000)).toBe(2_000);
  });

  it('stands still while paused and leaves earlier pauses out', () => {
    const paused = { createdAt: 1_000, finishedAt: null, pausedMs: 500, pausedAt: 4_000 };
    expect(elapsedMs(paused, 6_000)).toBe(2_500);
    expect(elapsedMs(paused, 60_000)).toBe(2_500);
    expect(elapsedMs({ createdAt: 1_000, finishedAt: 8_000, pausedMs: 3_000, pausedAt: null }, 9_000)).toBe(4_000);
  });
});
