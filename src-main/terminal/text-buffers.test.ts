import { describe, expect, it } from 'vitest';
import { CrlfNormalizer, HeadTailBuffer, TailBuffer } from './text-buffers';

describe('CrlfNormalizer', () => {
  it('turns CRLF into LF across chunk boundaries and keeps lone CRs', () => {
    const normalizer = new CrlfNormalizer();
    const out = ['a\r', '\nb\r', 'c\r\r', '\n', 'end\r'].map((chunk) => normalizer.push(chunk)).join('') + normalizer.flush();
    expect(out).toBe('a\nb\rc\r\nend\r');
  });
});

describe('TailBuffer', () => {
  it('keeps the last characters', () => {
    const buffer = new TailBuffer(5);
    for (const chunk of ['abc', 'defg', 'h']) buffer.append(chunk);
    expect(buffer.text()).toBe('defgh');
    expect(buffer.size).toBe(5);
  });
});

describe('HeadTailBuffer', () => {
  it('is exact below its limits', () => {
    const buffer = new HeadTailBuffer(4, 4);
    for (const chunk of ['ab', 'cdef', 'gh']) buffer.append(chunk);
    expect(buffer.text()).toBe('abcdefgh');
    expect(buffer.omitted).toBe(0);
  });

  it('drops the middle beyond them and says how much', () => {
    const buffer = new HeadTailBuffer(3, 3);
    for (const chunk of ['abcd', 'efgh', 'ijkl']) buffer.append(chunk);
    expect(buffer.omitted).toBe(6);
    expect(buffer.appended).toBe(12);
    expect(buffer.text()).toBe('abc\n[... 6 characters of output omitted ...]\njkl');
  });
});
