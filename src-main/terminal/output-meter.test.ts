import { describe, expect, it } from 'vitest';
import { stripAnsi } from './ansi';
import { OutputMeter } from './output-meter';

/** What the model is told, measured the slow way: on the whole stripped text. */
function measured(text: string) {
  const stripped = stripAnsi(text);
  const newlines = stripped.split('\n').length - 1;
  return { bytes: Buffer.byteLength(stripped, 'utf8'), lines: newlines + (stripped !== '' && !stripped.endsWith('\n') ? 1 : 0) };
}

function metered(chunks: string[]) {
  const meter = new OutputMeter();
  for (const chunk of chunks) meter.push(chunk);
  return meter.end();
}

/** A deterministic generator, so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

// Pieces that make escape sequences, break them, and put multi-byte characters inside them.
const PIECES = ['\x1b', '[', ']', '\\', '\x07', '0', '3', '1', ';', '?', ' ', '!', 'm', 'K', 'A', '_', '\n', 'x', 'é', '漢', '🙂', '\r'];

function randomText(next: () => number, length: number): string {
  let text = '';
  while (text.length < length) text += PIECES[Math.floor(next() * PIECES.length)];
  return text;
}

/** Splits at random code-unit offsets: through sequences and through surrogate pairs. */
function randomSplit(next: () => number, text: string): string[] {
  const chunks: string[] = [];
  let at = 0;
  while (at < text.length) {
    const length = 1 + Math.floor(next() * 8);
    chunks.push(text.slice(at, at + length));
    at += length;
  }
  return chunks;
}

describe('OutputMeter', () => {
  it.each([
    ['', { bytes: 0, lines: 0 }],
    ['a\nb\n', { bytes: 4, lines: 2 }],
    ['a\nb', { bytes: 3, lines: 2 }],
    ['\x1b[31mred\x1b[0m\n', { bytes: 4, lines: 1 }],
    ['\x1b]0;title\x07x', { bytes: 1, lines: 1 }],
    ['\x1b]0;a\nb\x1b\\', { bytes: 0, lines: 0 }],
    ['é🙂\n', { bytes: 7, lines: 1 }],
  ])('measures %j as stripAnsi leaves it', (text, size) => {
    expect(metered([text])).toEqual(size);
    expect(measured(text)).toEqual(size);
  });

  it('agrees with measuring the whole stripped text, however the stream is split', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const next = random(seed);
      const text = randomText(next, 1 + Math.floor(next() * 40));
      const size = metered(randomSplit(next, text));
      if (size.bytes !== measured(text).bytes || size.lines !== measured(text).lines) {
        expect({ seed, text, size }).toEqual({ seed, text, size: measured(text) });
      }
    }
  });

  it('counts an unpaired surrogate the way UTF-8 encoding writes it', () => {
    expect(metered(['a\ud83d'])).toEqual(measured('a\ud83d'));
    expect(metered(['\ud83d', 'x\ud83d', '\ude42'])).toEqual(measured('\ud83dx🙂'));
  });

  it('counts what is left open at the end as the text it then is', () => {
    for (const open of ['\x1b', '\x1b[3', '\x1b[3;!', '\x1b]0;ti\ntle', '\x1b]0;title\x1b']) {
      expect(metered(['done\n', open])).toEqual(measured(`done\n${open}`));
    }
  });
});
