import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPatch } from './apply';
import { makeTempDir, patch, readTree, removeDir, writeTree, type Tree } from './test-tree';

interface Case {
  name: string;
  before?: Tree;
  patch: string;
  /** The whole tree afterwards; on failure it defaults to `before` (nothing changed). */
  after?: Tree;
  summary?: string;
  /** Substrings the error must contain. */
  error?: string[];
}

const SUCCESS: Case[] = [
  {
    name: 'adds a file',
    patch: patch('*** Add File: hello.txt', '+Hello', '+world'),
    after: { 'hello.txt': 'Hello\nworld\n' },
    summary: 'Success. Updated the following files:\nA hello.txt\n',
  },
  {
    name: 'adds a file in new directories, with an empty + line',
    patch: patch('*** Add File: src/deep/new.ts', '+a', '+', '+b'),
    after: { 'src/deep/new.ts': 'a\n\nb\n' },
  },
  { name: 'adds an empty file', patch: patch('*** Add File: empty.txt'), after: { 'empty.txt': '' } },
  {
    name: 'add overwrites an existing file, as Codex does',
    before: { 'dup.txt': 'old\n' },
    patch: patch('*** Add File: dup.txt', '+new'),
    after: { 'dup.txt': 'new\n' },
  },
  {
    name: 'deletes a file',
    before: { 'obsolete.txt': 'x\n', 'keep.txt': 'k\n' },
    patch: patch('*** Delete File: obsolete.txt'),
    after: { 'keep.txt': 'k\n' },
    summary: 'Success. Updated the following files:\nD obsolete.txt\n',
  },
  {
    name: 'updates a line',
    before: { 'a.txt': 'foo\nbar\n' },
    patch: patch('*** Update File: a.txt', '@@', ' foo', '-bar', '+baz'),
    after: { 'a.txt': 'foo\nbaz\n' },
    summary: 'Success. Updated the following files:\nM a.txt\n',
  },
  {
    name: 'first hunk may omit @@',
    before: { 'f.py': 'import foo\n' },
    patch: patch('*** Update File: f.py', ' import foo', '+bar'),
    after: { 'f.py': 'import foo\nbar\n' },
  },
  {
    name: 'several hunks, the last anchored at the end of the file',
    before: { 'i.txt': 'a\nb\nc\nd\ne\nf\n' },
    patch: patch('*** Update File: i.txt', '@@', ' a', '-b', '+B', '@@', ' c', ' d', '-e', '+E', '@@', ' f', '+g', '*** End of File'),
    after: { 'i.txt': 'a\nB\nc\nd\nE\nf\ng\n' },
  },
  {
    name: 'an @@ header picks the block after it',
    before: { 'h.py': 'def a():\n    return 1\ndef b():\n    return 1\n' },
    patch: patch('*** Update File: h.py', '@@ def b():', '-    return 1', '+    return 2'),
    after: { 'h.py': 'def a():\n    return 1\ndef b():\n    return 2\n' },
  },
  {
    name: 'a pure addition after an @@ header goes to the end of the file, as in Codex',
    before: { 'p.py': 'def f():\n    pass\n\nend\n' },
    patch: patch('*** Update File: p.py', '@@ def f():', '+    """Doc."""'),
    after: { 'p.py': 'def f():\n    pass\n\nend\n    """Doc."""\n' },
  },
  {
    name: 'a pure addition goes after a final blank line, as in Codex 0.169',
    before: { 'q.txt': 'a\n\n' },
    patch: patch('*** Update File: q.txt', '@@', '+b'),
    after: { 'q.txt': 'a\n\nb\n' },
  },
  {
    name: 'a whitespace-only @@ header finds the next blank line, as in Codex',
    before: { 'w.py': 'x = 1\n\nx = 1\n' },
    patch: patch('*** Update File: w.py', '@@  ', '-x = 1', '+x = 2'),
    after: { 'w.py': 'x = 1\n\nx = 2\n' },
  },
  {
    name: 'a pure addition after a bare @@ goes to the end, as in Codex',
    before: { 'p.txt': 'line1\nline2\nline3\n' },
    patch: patch('*** Update File: p.txt', '@@', '+after', '@@', ' line1', '-line2', '-line3', '+line2-replacement'),
    after: { 'p.txt': 'line1\nline2-replacement\nafter\n' },
  },
  {
    name: '*** End of File matches the last occurrence',
    before: { 'e.txt': 'x\ny\nx\n' },
    patch: patch('*** Update File: e.txt', '@@', '-x', '+z', '*** End of File'),
    after: { 'e.txt': 'x\ny\nz\n' },
  },
  {
    name: 'moves a file into a new directory',
    before: { 'old/name.txt': 'old content\n', 'old/other.txt': 'o\n' },
    patch: patch('*** Update File: old/name.txt', '*** Move to: renamed/dir/name.txt', '@@', '-old content', '+new content'),
    after: { 'old/other.txt': 'o\n', 'renamed/dir/name.txt': 'new content\n' },
    summary: 'Success. Updated the following files:\nM renamed/dir/name.txt\n',
  },
  {
    name: 'a move overwrites an existing destination, as Codex does',
    before: { 'a.txt': 'from\n', 'b.txt': 'existing\n' },
    patch: patch('*** Update File: a.txt', '*** Move to: b.txt', '@@', '-from', '+moved'),
    after: { 'b.txt': 'moved\n' },
  },
  {
    name: 'several files in one patch; summary lists A, then M, then D',
    before: { 'modify.txt': 'line1\nline2\n', 'delete.txt': 'gone\n' },
    patch: patch('*** Delete File: delete.txt', '*** Update File: modify.txt', '@@', '-line2', '+changed', '*** Add File: nested/new.txt', '+created'),
    after: { 'modify.txt': 'line1\nchanged\n', 'nested/new.txt': 'created\n' },
    summary: 'Success. Updated the following files:\nA nested/new.txt\nM modify.txt\nD delete.txt\n',
  },
  {
    name: 'a file added and then updated in the same patch',
    patch: patch('*** Add File: n.txt', '+one', '+two', '*** Update File: n.txt', '@@', ' one', '-two', '+2'),
    after: { 'n.txt': 'one\n2\n' },
  },
  {
    name: 'CRLF patch text',
    before: { 'a.txt': 'foo\nbar\n' },
    patch: patch('*** Update File: a.txt', '@@', ' foo', '-bar', '+baz').replace(/\n/g, '\r\n'),
    after: { 'a.txt': 'foo\nbaz\n' },
  },
  {
    name: 'a CRLF file keeps CRLF, new lines included',
    before: { 'w.txt': 'a\r\nb\r\nc\r\n' },
    patch: patch('*** Update File: w.txt', '@@', ' a', '-b', '+B', '@@', ' c', '+d', '*** End of File'),
    after: { 'w.txt': 'a\r\nB\r\nc\r\nd\r\n' },
  },
  {
    name: 'context ignoring trailing whitespace; context lines keep the file text, as in Codex 0.169',
    before: { 't.txt': 'foo   \nbar\t\n' },
    patch: patch('*** Update File: t.txt', '@@', ' foo', '-bar', '+baz'),
    after: { 't.txt': 'foo   \nbaz\n' },
  },
  {
    name: 'context ignoring surrounding whitespace; context lines keep the file text, as in Codex 0.169',
    before: { 's.py': '    foo\n    bar\n    tail\n' },
    patch: patch('*** Update File: s.py', '@@', ' foo', '-bar', '+    baz'),
    after: { 's.py': '    foo\n    baz\n    tail\n' },
  },
  {
    name: 'context matching typographic punctuation with ASCII',
    before: { 'u.py': 'import asyncio  # local import \u2013 avoids top\u2011level dep\n' },
    patch: patch('*** Update File: u.py', '@@', '-import asyncio  # local import - avoids top-level dep', '+import asyncio  # HELLO'),
    after: { 'u.py': 'import asyncio  # HELLO\n' },
  },
  ...["<<'EOF'", '<<EOF', '<<"EOF"'].map((opener) => ({
    name: `a heredoc wrapper ${opener} is stripped`,
    before: { 'a.txt': 'x\n' },
    patch: `${opener}\n${patch('*** Update File: a.txt', '@@', '-x', '+y')}\nEOF\n`,
    after: { 'a.txt': 'y\n' },
  })),
  {
    name: 'an empty line in a hunk is an empty context line',
    before: { 'b.txt': 'a\n\nb\n' },
    patch: patch('*** Update File: b.txt', '@@', ' a', '', '-b', '+B'),
    after: { 'b.txt': 'a\n\nB\n' },
  },
  {
    name: 'an update adds a missing final newline',
    before: { 'n.txt': 'one\ntwo' },
    patch: patch('*** Update File: n.txt', '@@', '-one', '+ONE'),
    after: { 'n.txt': 'ONE\ntwo\n' },
  },
  {
    name: 'markers padded with whitespace',
    before: { 'f.txt': 'one\n' },
    patch: ' *** Begin Patch \n  *** Update File: f.txt\n@@\n-one\n+two\n *** End Patch \n',
    after: { 'f.txt': 'two\n' },
  },
  {
    name: 'a trailing empty context line stands for the final newline',
    before: { 'l.txt': 'foo\nbar\n' },
    patch: patch('*** Update File: l.txt', '@@', ' foo', '-bar', '+BAR', ''),
    after: { 'l.txt': 'foo\nBAR\n' },
  },
  {
    name: 'a deletion-only hunk',
    before: { 'd.txt': 'keep\ndrop\nkeep2\n' },
    patch: patch('*** Update File: d.txt', '@@', ' keep', '-drop', ' keep2'),
    after: { 'd.txt': 'keep\nkeep2\n' },
  },
  {
    name: 'blank lines between hunks and around the patch are ignored',
    before: { 'g.txt': 'a\nb\nc\nd\n' },
    patch: `\n\n${patch('*** Update File: g.txt', '*** Move to: g2.txt', '', '@@', '-a', '+A', '@@', ' c', '-d', '+D')}\n\n`,
    after: { 'g2.txt': 'A\nb\nc\nD\n' },
  },
];

const FAILURE: Case[] = [
  { name: 'missing Begin Patch', patch: 'bad', error: ["Invalid patch: The first line of the patch must be '*** Begin Patch'"] },
  { name: 'missing End Patch', patch: '*** Begin Patch\n*** Add File: a\n+x', error: ["The last line of the patch must be '*** End Patch'"] },
  { name: 'a heredoc with mismatched quotes', patch: `<<"EOF'\n${patch('*** Add File: a', '+x')}\nEOF\n`, error: ['The first line of the patch must be'] },
  { name: 'an empty patch', patch: patch(), error: ['No files were modified.'] },
  {
    name: 'an unknown file header',
    patch: patch('*** Frobnicate File: foo'),
    error: ["Invalid patch hunk on line 2: '*** Frobnicate File: foo' is not a valid hunk header"],
  },
  {
    name: 'a bad hunk line',
    before: { 'a.txt': 'x\n' },
    patch: patch('*** Update File: a.txt', '@@', 'bad'),
    error: ["Invalid patch hunk on line 4: Unexpected line found in update hunk: 'bad'", "start with ' ' (context line)"],
  },
  {
    name: 'two @@ lines in a row, as Codex does',
    before: { 'c.py': 'class B:\n  def m():\n    x = 1\n' },
    patch: patch('*** Update File: c.py', '@@ class B:', '@@   def m():', '-    x = 1', '+    x = 2'),
    error: ["line 4: Unexpected line found in update hunk: '@@   def m():'"],
  },
  {
    name: 'a second hunk without @@',
    before: { 'a.txt': 'x\n' },
    patch: patch('*** Update File: a.txt', '@@', '-x', '+y', 'z'),
    error: ["line 6: Expected update hunk to start with a @@ context marker, got: 'z'"],
  },
  { name: 'an empty Update File', patch: patch('*** Update File: t.py'), error: ["line 2: Update file hunk for path 't.py' is empty"] },
  { name: 'an @@ with no lines', patch: patch('*** Update File: t.py', '@@'), error: ['line 4: Update hunk does not contain any lines'] },
  {
    name: 'context not found names the file (joined to the worktree, as Codex does) and shows the lines',
    before: { 'm.txt': 'a\nb\nc\n' },
    patch: patch('*** Update File: m.txt', '@@', ' a', '-b', '+B', '@@', ' nope', '-c', '+C'),
    error: ['Failed to find expected lines in /', '/m.txt:\nnope\nc'],
  },
  {
    name: 'an @@ header not found',
    before: { 'h.py': 'def f():\n  pass\n' },
    patch: patch('*** Update File: h.py', '@@ def g():', '-  pass', '+  return'),
    error: ["Failed to find context 'def g():' in /", '/h.py'],
  },
  {
    name: '*** End of File lines that are not at the end',
    before: { 'e.txt': 'x\ny\n' },
    patch: patch('*** Update File: e.txt', '@@', '-x', '+z', '*** End of File'),
    error: ['Failed to find expected lines in /', '/e.txt:\nx'],
  },
  { name: 'deleting a missing file', patch: patch('*** Delete File: gone.txt'), error: ['Failed to delete file /', '/gone.txt'] },
  {
    name: 'deleting a directory',
    before: { 'dir/foo.txt': 'x\n' },
    patch: patch('*** Delete File: dir'),
    error: ['Failed to delete file /', '/dir'],
  },
  {
    name: 'updating a missing file',
    patch: patch('*** Update File: missing.txt', '@@', '-a', '+b'),
    error: ['Failed to read file to update /', '/missing.txt: No such file or directory (os error 2)'],
  },
  { name: 'an absolute path outside the worktree', patch: patch('*** Add File: /tmp/evil.txt', '+x'), error: ["Refusing path '/tmp/evil.txt'", 'outside the worktree'] },
  { name: 'a ../ path', patch: patch('*** Add File: ../x', '+x'), error: ["Refusing path '../x': it points outside the worktree"] },
  { name: 'a path escaping midway', patch: patch('*** Delete File: a/../../x'), error: ['points outside the worktree'] },
  {
    name: 'a move out of the worktree',
    before: { 'a.txt': 'x\n' },
    patch: patch('*** Update File: a.txt', '*** Move to: ../a.txt', '@@', '-x', '+y'),
    error: ["Refusing path '../a.txt'"],
  },
  {
    name: 'a failing second file leaves the first untouched',
    before: { 'first.txt': 'one\n', 'second.txt': 'two\n' },
    patch: patch('*** Update File: first.txt', '@@', '-one', '+ONE', '*** Add File: added.txt', '+new', '*** Delete File: second.txt', '*** Update File: second.txt', '@@', '-two', '+TWO'),
    error: ['Failed to read file to update /', '/second.txt'],
  },
];

describe('applyPatch', () => {
  let root = '';
  beforeEach(async () => {
    root = await makeTempDir();
  });
  afterEach(async () => {
    await removeDir(root);
  });

  it.each(SUCCESS)('$name', async (c) => {
    await writeTree(root, c.before ?? {});
    const result = await applyPatch(root, c.patch);
    if (!result.ok) throw new Error(result.error);
    expect(await readTree(root)).toEqual(c.after);
    if (c.summary !== undefined) expect(result.summary).toBe(c.summary);
  });

  it.each(FAILURE)('refuses $name', async (c) => {
    await writeTree(root, c.before ?? {});
    const result = await applyPatch(root, c.patch);
    expect(result.ok).toBe(false);
    for (const part of c.error ?? []) expect(result.ok ? '' : result.error).toContain(part);
    expect(await readTree(root)).toEqual(c.after ?? c.before ?? {});
  });
});
