import { describe, expect, it } from 'vitest';
import { parseBlocks, parseInline } from './markdown';

describe('markdown subset', () => {
  it('splits paragraphs and keeps single newlines', () => {
    expect(parseBlocks('one\ntwo\n\nthree')).toEqual([
      { type: 'paragraph', text: 'one\ntwo' },
      { type: 'paragraph', text: 'three' },
    ]);
  });

  it('reads fenced code, closed or still streaming', () => {
    expect(parseBlocks('Run:\n```sh\nnpm test\n```\nDone.')).toEqual([
      { type: 'paragraph', text: 'Run:' },
      { type: 'code', lang: 'sh', text: 'npm test' },
      { type: 'paragraph', text: 'Done.' },
    ]);
    expect(parseBlocks('```ts\nconst a = 1;')).toEqual([{ type: 'code', lang: 'ts', text: 'const a = 1;' }]);
  });

  it('reads headings and lists', () => {
    expect(parseBlocks('## Plan\n- a\n- b\n1. c')).toEqual([
      { type: 'heading', level: 2, text: 'Plan' },
      { type: 'list', ordered: false, items: ['a', 'b'] },
      { type: 'list', ordered: true, items: ['c'] },
    ]);
  });

  it('splits inline code and bold', () => {
    expect(parseInline('use `npm test` **now**!')).toEqual([
      { type: 'text', text: 'use ' },
      { type: 'code', text: 'npm test' },
      { type: 'text', text: ' ' },
      { type: 'bold', text: 'now' },
      { type: 'text', text: '!' },
    ]);
  });
});
