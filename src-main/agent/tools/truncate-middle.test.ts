import { describe, expect, it } from 'vitest';
import { truncateAroundGap, truncateMiddle } from './truncate-middle';

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

describe('truncateAroundGap', () => {
  const head = Array.from({ length: 100 }, (_, i) => `head ${i}`).join('\n') + '\n';
  const tail = Array.from({ length: 100 }, (_, i) => `tail ${i}`).join('\n') + '\n';
  const gap = 1_000_000;
  const total = Buffer.byteLength(head) + gap + Buffer.byteLength(tail);

  it('counts the dropped middle among the omitted bytes', () => {
    const result = truncateAroundGap(head, tail, total, 200);
    expect(result.truncated).toBe(true);
    expect(result.text.startsWith('head 0\n')).toBe(true);
    expect(result.text.endsWith('tail 99\n')).toBe(true);
    const [shownHead, shownTail] = result.text.split(/\[\.\.\. \d+ bytes \(about \d+ tokens\) omitted from the middle \.\.\.\]\n/);
    expect(Buffer.byteLength(`${shownHead}${shownTail}`) + result.omittedBytes).toBe(total);
    expect(Buffer.byteLength(`${shownHead}${shownTail}`)).toBeLessThanOrEqual(200);
    expect(result.text).toContain(`[... ${result.omittedBytes} bytes (about ${Math.ceil(result.omittedBytes / 4)} tokens) omitted`);
  });

  it('says the middle is gone even when head and tail fit the budget', () => {
    const result = truncateAroundGap(head, tail, total, 10 * total);
    expect(result.text.startsWith(head)).toBe(true);
    expect(result.omittedBytes).toBeGreaterThanOrEqual(gap);
    expect(result.text.length - result.text.indexOf('omitted from the middle ...]\n')).toBeGreaterThan(tail.length / 2);
  });

  it('never splits a multi-byte character', () => {
    const wide = '漢🙂é'.repeat(500);
    const result = truncateAroundGap(wide, wide, 2 * Buffer.byteLength(wide) + 5, 101);
    expect(result.text).not.toContain('\uFFFD');
  });
});
