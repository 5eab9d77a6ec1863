import { describe, expect, it } from 'vitest';
import { MarkerParser, parseMarkerBody, type MarkerToken } from './osc-markers';

function parseAll(chunks: string[]): MarkerToken[] {
  const parser = new MarkerParser();
  const tokens = chunks.flatMap((chunk) => parser.push(chunk));
  const rest = parser.flush();
  return rest ? [...tokens, { type: 'text', text: rest }] : tokens;
}

/** Adjacent text tokens merged, so results do not depend on where chunks were cut. */
function merged(tokens: MarkerToken[]): MarkerToken[] {
  const out: MarkerToken[] = [];
  for (const token of tokens) {
    const last = out[out.length - 1];
    if (token.type === 'text' && last?.type === 'text') last.text += token.text;
    else out.push(token.type === 'text' ? { ...token } : token);
  }
  return out;
}

describe('parseMarkerBody', () => {
  it('reads kinds, exit codes and nonces', () => {
    expect(parseMarkerBody('A')).toEqual({ kind: 'prompt-start' });
    expect(parseMarkerBody('B')).toEqual({ kind: 'prompt-end' });
    expect(parseMarkerBody('C')).toEqual({ kind: 'command-start', nonce: null });
    expect(parseMarkerBody('C;flotilla=ab12')).toEqual({ kind: 'command-start', nonce: 'ab12' });
    expect(parseMarkerBody('D;42;flotilla=ab12')).toEqual({ kind: 'command-end', exitCode: 42, nonce: 'ab12' });
    expect(parseMarkerBody('D;0;flotilla=')).toEqual({ kind: 'command-end', exitCode: 0, nonce: null });
    expect(parseMarkerBody('D')).toEqual({ kind: 'command-end', exitCode: null, nonce: null });
    expect(parseMarkerBody('P;k=v')).toBeNull();
  });
});

describe('MarkerParser', () => {
  const stream = 'before\x1b]133;C;flotilla=n1\x07out\r\nput\x1b]133;D;3;flotilla=n1\x07\x1b]133;A\x07$ \x1b]133;B\x07';
  const expected: MarkerToken[] = [
    { type: 'text', text: 'before' },
    { type: 'marker', marker: { kind: 'command-start', nonce: 'n1' } },
    { type: 'text', text: 'out\r\nput' },
    { type: 'marker', marker: { kind: 'command-end', exitCode: 3, nonce: 'n1' } },
    { type: 'marker', marker: { kind: 'prompt-start' } },
    { type: 'text', text: '$ ' },
    { type: 'marker', marker: { kind: 'prompt-end' } },
  ];

  it('splits text and markers', () => {
    expect(merged(parseAll([stream]))).toEqual(expected);
  });

  it('finds markers split across chunks at every position', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      expect(merged(parseAll([stream.slice(0, cut), stream.slice(cut)]))).toEqual(expected);
    }
    expect(merged(parseAll([...stream]))).toEqual(expected);
  });

  it('passes through other escape sequences and stray intros', () => {
    const text = '\x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b]133;' + 'x'.repeat(200) + ' end';
    expect(merged(parseAll([text]))).toEqual([{ type: 'text', text }]);
  });

  it('holds an unfinished marker until the stream ends, then gives it back as text', () => {
    const parser = new MarkerParser();
    expect(parser.push('abc\x1b]13')).toEqual([{ type: 'text', text: 'abc' }]);
    expect(parser.flush()).toBe('\x1b]13');
  });
});
