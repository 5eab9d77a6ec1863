import { describe, expect, it } from 'vitest';
import { truncateMiddle } from './truncate-middle';

describe('truncateMiddle', () => {
  it('leaves text within the budget alone', () => {
    expect(truncateMiddle('short\n', 100)).toEqual({ text: 'short\n', truncated: false, omittedBytes: 0 });
  });

  it('keeps head and tail, cut at line ends, and counts what it left out', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const result = truncateMiddle(lines, 200);
    expect(result.truncated).toBe(true);
    expect(result.text.startsWith('line 0\nline 1\n')).toBe(true);
    expect(result.text.endsWith('line 998\nline 999\n')).toBe(true);
    const [head, tail] = result.text.split(/\[\.\.\. \d+ bytes \(about \d+ tokens\) omitted from the middle \.\.\.\]\n/);
    expect(head?.endsWith('\n')).toBe(true);
    expect(Buffer.byteLength(`${head}${tail}`) + result.omittedBytes).toBe(Buffer.byteLength(lines));
    expect(Buffer.byteLength(`${head}${tail}`)).toBeLessThanOrEqual(200);
  });

  it('never splits a multi-byte character', () => {
    const text = '漢🙂é'.repeat(500);
    const result = truncateMiddle(text, 101);
    expect(result.text).not.toContain('\uFFFD');
    expect(result.truncated).toBe(true);
  });

  it('handles a zero budget', () => {
    expect(truncateMiddle('abcdef', 0).text).toMatch(/^\[\.\.\. 6 bytes/);
  });
});
