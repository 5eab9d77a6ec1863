import { describe, expect, it } from 'vitest';
import { languageFor, tokenizeLine, type Token } from './highlight';

const kinds = (tokens: Token[]) => tokens.filter((t) => t.kind !== 'plain').map((t) => `${t.kind}:${t.text}`);

describe('highlight', () => {
  it('picks a language by extension, and none for unknown files', () => {
    expect(languageFor('src/a.ts')).not.toBeNull();
    expect(languageFor('a/b/Makefile')).not.toBeNull();
    expect(languageFor('README.md')).toBeNull();
    expect(languageFor('noext')).toBeNull();
  });

  it('finds keywords, strings, numbers and a trailing comment in TypeScript', () => {
    const tokens = tokenizeLine('const x = "a\\"b" + 42; // done', languageFor('a.ts'));
    expect(kinds(tokens)).toEqual(['keyword:const', 'string:"a\\"b"', 'number:42', 'comment:// done']);
    expect(tokens.map((t) => t.text).join('')).toBe('const x = "a\\"b" + 42; // done');
  });

  it('uses the language of the file: # is a comment in Python, not in TypeScript', () => {
    expect(kinds(tokenizeLine('def f(): # note', languageFor('a.py')))).toEqual(['keyword:def', 'comment:# note']);
    expect(kinds(tokenizeLine('a # b', languageFor('a.ts')))).toEqual([]);
  });

  it('does not treat digits inside identifiers as numbers, and closes block comments', () => {
    expect(kinds(tokenizeLine('let v8 = 1 /* x */ + 2', languageFor('a.js')))).toEqual([
      'keyword:let',
      'number:1',
      'comment:/* x */',
      'number:2',
    ]);
  });

  it('returns one plain token for plain text, and nothing for an empty line', () => {
    expect(tokenizeLine('# Title', null)).toEqual([{ kind: 'plain', text: '# Title' }]);
    expect(tokenizeLine('', languageFor('a.ts'))).toEqual([]);
  });
});
