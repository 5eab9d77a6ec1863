import { describe, expect, it } from 'vitest';
import { parsePatch, type PatchOp } from './parse';
import { patch } from './test-tree';

function ops(text: string): PatchOp[] {
  const result = parsePatch(text);
  if (!result.ok) throw new Error(result.error);
  return result.ops;
}

function error(text: string): string {
  const result = parsePatch(text);
  return result.ok ? '' : result.error;
}

describe('parsePatch', () => {
  it('parses every kind of operation', () => {
    const parsed = ops(
      patch('*** Add File: path/add.py', '+abc', '+def', '*** Delete File: path/delete.py', '*** Update File: path/update.py', '*** Move to: path/update2.py', '@@ def f():', '-    pass', '+    return 123'),
    );
    expect(parsed).toEqual([
      { kind: 'add', path: 'path/add.py', contents: 'abc\ndef\n' },
      { kind: 'delete', path: 'path/delete.py' },
      {
        kind: 'update',
        path: 'path/update.py',
        movePath: 'path/update2.py',
        chunks: [
          {
            context: 'def f():',
            oldLines: ['    pass'],
            newLines: ['    return 123'],
            lines: [
              { op: '-', text: '    pass' },
              { op: '+', text: '    return 123' },
            ],
            isEndOfFile: false,
            additions: 1,
            deletions: 1,
          },
        ],
      },
    ]);
  });

  it('reads context, empty context, removed and added lines and the end-of-file marker', () => {
    const [op] = ops(patch('*** Update File: f', '@@ change_context', '', ' context', '-remove', '+add', ' context2', '*** End of File'));
    expect(op?.kind === 'update' && op.chunks).toEqual([
      {
        context: 'change_context',
        oldLines: ['', 'context', 'remove', 'context2'],
        newLines: ['', 'context', 'add', 'context2'],
        lines: [
          { op: ' ', text: '' },
          { op: ' ', text: 'context' },
          { op: '-', text: 'remove' },
          { op: '+', text: 'add' },
          { op: ' ', text: 'context2' },
        ],
        isEndOfFile: true,
        additions: 1,
        deletions: 1,
      },
    ]);
  });

  it('keeps an @@ header as written, whitespace included, as Codex does', () => {
    const [op] = ops(patch('*** Update File: f', '@@   def m():', '-x', '@@  ', '-y', '@@', '-z'));
    expect(op?.kind === 'update' && op.chunks.map((c) => c.context)).toEqual(['  def m():', ' ', null]);
  });

  it('refuses a second @@ line in a row, as Codex does', () => {
    expect(error(patch('*** Update File: f', '@@ class A', '@@ def m():', '-x'))).toContain(
      "line 4: Unexpected line found in update hunk: '@@ def m():'",
    );
  });

  it('matches *** Move to: and *** End of File exactly, as Codex does', () => {
    const [moved] = ops(patch('*** Update File: f', ' *** Move to: g', '-x'));
    expect(moved?.kind === 'update' && moved.movePath).toBe(null);
    expect(error(patch('*** Update File: f', '@@', '-x', '*** End of File '))).toContain("'*** End of File' is not a valid hunk header");
  });

  it('reports an empty patch as missing its end, as Codex does', () => {
    expect(error('')).toBe("Invalid patch: The last line of the patch must be '*** End Patch'");
  });

  it('trims as Rust does: a byte-order mark is not whitespace', () => {
    expect(error(`\uFEFF${patch('*** Add File: a', '+x')}`)).toContain("The first line of the patch must be '*** Begin Patch'");
    expect(ops(`\u0085${patch('*** Add File: a', '+x')}`)).toHaveLength(1);
  });

  it('ends an update at the next file header', () => {
    expect(ops(patch('*** Update File: file.py', '@@', '+line', '*** Add File: other.py', '+content')).map((op) => op.kind)).toEqual(['update', 'add']);
  });

  it('accepts a heredoc wrapper and CRLF line endings', () => {
    const text = `<<'EOF'\r\n${patch('*** Add File: a', '+x')}\r\nEOF\r\n`.replace(/(?<!\r)\n/g, '\r\n');
    expect(ops(text)).toEqual([{ kind: 'add', path: 'a', contents: 'x\n' }]);
  });

  it('gives line numbers of the text as sent, heredoc and leading blank lines included', () => {
    expect(error(`\n\n<<EOF\n${patch('*** Update File: a', '@@', 'bad')}\nEOF`)).toBe(
      "Invalid patch hunk on line 7: Unexpected line found in update hunk: 'bad'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)",
    );
  });

  it('refuses a heredoc missing its patch end', () => {
    expect(error('<<EOF\n*** Begin Patch\n*** Update File: file2.py\nEOF\n')).toBe(
      "Invalid patch: The last line of the patch must be '*** End Patch'",
    );
  });

  it('refuses an Add File line without +, naming it as a bad header', () => {
    expect(error(patch('*** Add File: a', '+x', 'y'))).toContain("line 4: 'y' is not a valid hunk header");
  });

  it('refuses an end-of-file marker with no lines before it', () => {
    expect(error(patch('*** Update File: a', '@@', '*** End of File'))).toBe('Invalid patch hunk on line 4: Update hunk does not contain any lines');
  });

  it('accepts a patch with no operations; applying it is what fails', () => {
    expect(ops(patch())).toEqual([]);
  });
});
