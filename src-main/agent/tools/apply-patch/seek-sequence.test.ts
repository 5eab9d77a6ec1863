import { describe, expect, it } from 'vitest';
import { seekSequence } from './seek-sequence';

describe('seekSequence', () => {
  it('finds an exact run at or after the start', () => {
    expect(seekSequence(['foo', 'bar', 'baz', 'bar', 'baz'], ['bar', 'baz'], 2, false)).toBe(3);
  });

  it('prefers an exact match anywhere to a fuzzy match earlier', () => {
    expect(seekSequence(['  x', 'x'], ['x'], 0, false)).toBe(1);
  });

  it('falls back to ignoring trailing, then surrounding whitespace', () => {
    expect(seekSequence(['foo   ', 'bar\t\t'], ['foo', 'bar'], 0, false)).toBe(0);
    expect(seekSequence(['    foo   ', '   bar\t'], ['foo', 'bar'], 0, false)).toBe(0);
  });

  it('normalises typographic dashes, quotes and spaces', () => {
    expect(seekSequence(['say \u201Chi\u201D \u2014 it\u2019s\u00A0ok'], ['say "hi" - it\'s ok'], 0, false)).toBe(0);
  });

  it('with eof, only matches at the end', () => {
    expect(seekSequence(['a', 'b', 'a'], ['a'], 0, true)).toBe(2);
    expect(seekSequence(['a', 'b'], ['a'], 0, true)).toBe(-1);
  });

  it('handles empty and too-long patterns', () => {
    expect(seekSequence(['a'], [], 1, false)).toBe(1);
    expect(seekSequence(['a'], ['a', 'b'], 0, false)).toBe(-1);
  });
});
