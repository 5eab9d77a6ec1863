/**
 * Generated cases for the differential test against Codex's own apply_patch: file shapes (line
 * endings, final newline, blank lines, typographic punctuation, stray whitespace) crossed with
 * edit shapes, plus hand-written adds, deletes, moves, grammar and failure cases.
 */
import type { Tree } from '../test-tree';

export interface DiffCase {
  name: string;
  before: Tree;
  /** Files that are not UTF-8 text, written as these bytes. */
  bytes?: Record<string, number[]>;
  /** Symlinks to create: link path → target. */
  links?: Record<string, string>;
  /** The patch as passed to both tools, with `<cwd>` standing for the working directory. */
  patch: string;
  /** Set when Flotilla deliberately differs (docs/apply-patch.md): what it does instead. */
  deliberate?: { why: string; flotilla: 'fails-unchanged' | Tree };
}

export const begin = (...lines: string[]) => ['*** Begin Patch', ...lines, '*** End Patch', ''].join('\n');

/** A file's lines and how a model would quote each of them in a patch (ASCII, trimmed...). */
interface Fixture {
  name: string;
  lines: string[];
  eol: '\n' | '\r\n';
  /** How the file ends after its last line. */
  ending: 'newline' | 'none' | 'blank';
  quote: (line: string) => string;
}

const PLAIN = ['# Title', 'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
const same = (line: string) => line;
const ascii = (line: string) =>
  line.replace(/[\u2013\u2014]/g, '-').replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\u00a0/g, ' ');

const FIXTURES: Fixture[] = [
  { name: 'LF', lines: PLAIN, eol: '\n', ending: 'newline', quote: same },
  { name: 'CRLF', lines: PLAIN, eol: '\r\n', ending: 'newline', quote: same },
  { name: 'no final newline', lines: PLAIN, eol: '\n', ending: 'none', quote: same },
  { name: 'final blank line', lines: PLAIN, eol: '\n', ending: 'blank', quote: same },
  {
    name: 'unicode dashes and quotes',
    lines: ['# Title \u2014 draft', 'alpha \u2013 one', 'beta \u201cquoted\u201d', 'gamma \u2018x\u2019', 'delta\u00a0nbsp', 'epsilon', 'zeta'],
    eol: '\n',
    ending: 'newline',
    quote: ascii,
  },
  {
    name: 'trailing whitespace',
    lines: ['# Title  ', 'alpha ', 'beta\t', 'gamma   ', 'delta ', 'epsilon', 'zeta  '],
    eol: '\n',
    ending: 'newline',
    quote: (line) => line.trimEnd(),
  },
  {
    name: 'leading whitespace',
    lines: ['# Title', '  alpha', '    beta', '\tgamma', '  delta', 'epsilon', '  zeta'],
    eol: '\n',
    ending: 'newline',
    quote: (line) => line.trim(),
  },
  { name: 'CRLF with dashes', lines: ['# Title \u2014 draft', ...PLAIN.slice(1)], eol: '\r\n', ending: 'newline', quote: ascii },
];

function fileText(f: Fixture): string {
  const body = f.lines.join(f.eol);
  if (f.ending === 'none') return body;
  return body + f.eol + (f.ending === 'blank' ? f.eol : '');
}

/** Edit shapes as chunk lines over a fixture, quoting its lines as the model would. */
const EDITS: { name: string; chunk: (q: (i: number) => string) => string[] }[] = [
  { name: 'replace a middle line', chunk: (q) => ['@@', ` ${q(1)}`, ` ${q(2)}`, `-${q(3)}`, '+GAMMA', ` ${q(4)}`, ` ${q(5)}`] },
  { name: 'remove a line', chunk: (q) => ['@@', ` ${q(0)}`, `-${q(1)}`, ` ${q(2)}`] },
  { name: 'insert after the title', chunk: (q) => ['@@', ` ${q(0)}`, '+inserted', ` ${q(1)}`] },
  { name: 'pure addition', chunk: () => ['@@', '+appended'] },
  { name: 'addition at the end of file', chunk: (q) => ['@@', ` ${q(6)}`, '+omega', '*** End of File'] },
  { name: 'replace the last line', chunk: (q) => ['@@', ` ${q(5)}`, `-${q(6)}`, '+ZETA'] },
  { name: '@@ header then a change', chunk: (q) => [`@@ ${q(2)}`, ` ${q(3)}`, `-${q(4)}`, '+DELTA'] },
  { name: 'two hunks', chunk: (q) => ['@@', ` ${q(0)}`, `-${q(1)}`, '+ALPHA', '@@', ` ${q(4)}`, `-${q(5)}`, '+EPSILON'] },
  { name: 'change the title line', chunk: (q) => ['@@', `-${q(0)}`, '+# New title', ` ${q(1)}`] },
  { name: 'context only below the change', chunk: (q) => ['@@', `-${q(2)}`, '+BETA', ` ${q(3)}`, ` ${q(4)}`] },
];

function generated(): DiffCase[] {
  const out: DiffCase[] = [];
  for (const f of FIXTURES) {
    for (const edit of EDITS) {
      const q = (i: number) => f.quote(f.lines[i] as string);
      out.push({ name: `${f.name}: ${edit.name}`, before: { 'f.txt': fileText(f) }, patch: begin('*** Update File: f.txt', ...edit.chunk(q)) });
    }
  }
  return out;
}

export const A = 'one\ntwo\nthree\n';

const HANDWRITTEN: DiffCase[] = [
  { name: 'add a file', before: {}, patch: begin('*** Add File: new.txt', '+hello', '+world') },
  { name: 'add a file in new directories', before: {}, patch: begin('*** Add File: a/b/c.txt', '+x') },
  { name: 'add an empty file', before: {}, patch: begin('*** Add File: empty.txt') },
  { name: 'add with an empty + line', before: {}, patch: begin('*** Add File: e.txt', '+a', '+', '+b') },
  { name: 'add overwrites an existing file', before: { 'a.txt': A }, patch: begin('*** Add File: a.txt', '+new') },
  { name: 'add two files', before: {}, patch: begin('*** Add File: x.txt', '+x', '*** Add File: y.txt', '+y') },
  { name: 'add then update it', before: {}, patch: begin('*** Add File: n.txt', '+a', '*** Update File: n.txt', '@@', '-a', '+b') },
  { name: 'delete a file', before: { 'a.txt': A, 'b.txt': 'b\n' }, patch: begin('*** Delete File: a.txt') },
  { name: 'delete a missing file', before: { 'b.txt': 'b\n' }, patch: begin('*** Delete File: nope.txt') },
  { name: 'delete a directory', before: { 'd/x.txt': 'x\n' }, patch: begin('*** Delete File: d') },
  { name: 'update a missing file', before: {}, patch: begin('*** Update File: nope.txt', '@@', '-a', '+b') },
  { name: 'update a directory', before: { 'd/x.txt': 'x\n' }, patch: begin('*** Update File: d', '@@', '-a', '+b') },
  { name: 'missing context', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '@@', ' one', '-nope', '+x') },
  { name: 'missing @@ header', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '@@ nothere', '-two', '+2') },
  { name: 'first hunk without @@', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', ' one', '-two', '+2') },
  { name: 'second hunk without @@', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '@@', '-one', '+1', ' two', '-three', '+3') },
  { name: 'blank line inside a hunk is context', before: { 'g.txt': 'a\n\nb\n' }, patch: begin('*** Update File: g.txt', '@@', ' a', '', '-b', '+B') },
  { name: 'trailing empty context for the final newline', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '@@', '-three', '+3', ' ') },
  { name: 'End of File hunk that does not end the file', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '@@', '-two', '+2', '*** End of File') },
  { name: 'End of File replace', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '@@', ' two', '-three', '+3', '*** End of File') },
  { name: 'hunks out of order', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '@@', '-three', '+3', '@@', '-one', '+1') },
  { name: 'exact match wins over an earlier fuzzy one', before: { 'w.txt': 'x  \ny\nx\ny\n' }, patch: begin('*** Update File: w.txt', '@@', ' x', '-y', '+Y') },
  { name: 'removed line that matched loosely', before: { 'w.txt': 'keep  \ndrop  \n' }, patch: begin('*** Update File: w.txt', '@@', ' keep', '-drop', '+new') },
  { name: 'removed and re-added identical line', before: { 'w.txt': 'a  \nb\n' }, patch: begin('*** Update File: w.txt', '@@', '-a', '+a', '-b', '+B') },
  { name: '@@ header with trailing spaces in the file', before: { 'h.py': 'def f():  \n    return 1\n' }, patch: begin('*** Update File: h.py', '@@ def f():', '-    return 1', '+    return 2') },
  { name: 'pure addition after an @@ header', before: { 'p.py': 'def f():\n    pass\n\nend\n' }, patch: begin('*** Update File: p.py', '@@ def f():', '+    """Doc."""') },
  { name: 'pure addition to a file ending in a blank line', before: { 'q.txt': 'a\n\n' }, patch: begin('*** Update File: q.txt', '@@', '+b') },
  { name: 'pure addition to an empty file', before: { 'z.txt': '' }, patch: begin('*** Update File: z.txt', '@@', '+b') },
  { name: 'pure addition with End of File', before: { 'q.txt': 'a\n' }, patch: begin('*** Update File: q.txt', '@@', '+b', '*** End of File') },
  { name: 'move a file', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '*** Move to: b.txt', '@@', '-one', '+1') },
  { name: 'move into new directories', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '*** Move to: x/y/b.txt', '@@', '-one', '+1') },
  { name: 'move over an existing file', before: { 'a.txt': A, 'b.txt': 'old\n' }, patch: begin('*** Update File: a.txt', '*** Move to: b.txt', '@@', '-one', '+1') },
  { name: 'move path with trailing spaces', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '*** Move to: b.txt   ', '@@', '-one', '+1') },
  { name: 'move path with leading spaces', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '*** Move to:   b.txt', '@@', '-one', '+1') },
  { name: 'move onto a directory', before: { 'a.txt': A, 'd/x': 'x\n' }, patch: begin('*** Update File: a.txt', '*** Move to: d', '@@', '-one', '+1') },
  { name: 'indented Move to line', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '  *** Move to: b.txt', '@@', '-one', '+1') },
  { name: 'move a missing file', before: {}, patch: begin('*** Update File: nope.txt', '*** Move to: b.txt', '@@', '-one', '+1') },
  { name: 'move under a path that is a file', before: { 'a.txt': A, 'f': 'f\n' }, patch: begin('*** Update File: a.txt', '*** Move to: f/b.txt', '@@', '-one', '+1') },
  { name: 'add onto a directory', before: { 'd/x': 'x\n' }, patch: begin('*** Add File: d', '+x') },
  { name: 'add under a path that is a file', before: { 'f': 'f\n' }, patch: begin('*** Add File: f/g.txt', '+x') },
  { name: 'move with a failing hunk', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '*** Move to: b.txt', '@@', '-nope', '+1') },
  { name: 'update path with trailing spaces', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt  ', '@@', '-one', '+1') },
  { name: 'add path with surrounding spaces', before: {}, patch: begin('  *** Add File: s.txt  ', '+s') },
  { name: 'indented headers', before: { 'a.txt': A }, patch: begin(' *** Update File: a.txt', '@@', '-one', '+1') },
  { name: 'patch with CRLF line endings on an LF file', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '@@', ' one', '-two', '+2').replace(/\n/g, '\r\n') },
  { name: 'patch with CR context lines', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '@@', ' one\r', '-two\r', '+2\r') },
  { name: 'heredoc wrapper', before: { 'a.txt': A }, patch: ["<<'EOF'", begin('*** Update File: a.txt', '@@', '-one', '+1').trimEnd(), 'EOF', ''].join('\n') },
  { name: 'whitespace around the envelope', before: {}, patch: `\n\n  ${begin('*** Add File: w.txt', '+w').trim()}  \n\n` },
  { name: 'empty patch', before: {}, patch: '' },
  { name: 'no Begin Patch', before: {}, patch: '*** Add File: a.txt\n+a\n*** End Patch\n' },
  { name: 'no End Patch', before: {}, patch: '*** Begin Patch\n*** Add File: a.txt\n+a\n' },
  { name: 'no hunks', before: {}, patch: begin() },
  { name: 'unknown hunk header', before: {}, patch: begin('*** Frob File: a.txt') },
  { name: 'empty update hunk', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt') },
  { name: '@@ with nothing after it', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '@@') },
  { name: 'bad line in a hunk', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '@@', 'x one', '-two') },
  { name: 'End of File with no lines', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '@@', '*** End of File') },
  { name: 'add file line without +', before: {}, patch: begin('*** Add File: a.txt', '+a', 'b') },
  { name: 'several files in one patch', before: { 'a.txt': A, 'b.txt': 'b\n' }, patch: begin('*** Add File: c.txt', '+c', '*** Update File: a.txt', '@@', '-two', '+2', '*** Delete File: b.txt') },
  { name: 'update a file that is not UTF-8', before: {}, bytes: { 'bin.dat': [0xff, 0xfe, 0x0a] }, patch: begin('*** Update File: bin.dat', '@@', '-x', '+y') },
  ...[
    [0x61, 0x0a, 0xe2, 0x82],
    [0xe2, 0x28, 0xa1, 0x0a],
    [0xf0, 0x90, 0x28, 0x0a],
    [0x61, 0xed, 0xa0, 0x80],
    [0xc0, 0x80],
  ].map((bytes, i): DiffCase => ({
    name: `update a file with bad UTF-8 #${i + 1}`,
    before: {},
    bytes: { 'bad.txt': bytes },
    patch: begin('*** Update File: bad.txt', '@@', '-a', '+b'),
  })),
  { name: 'delete a file that is not UTF-8', before: {}, bytes: { 'bin.dat': [0xff, 0xfe, 0x0a] }, patch: begin('*** Delete File: bin.dat') },
  { name: 'update a file with a byte-order mark', before: { 'bom.txt': '\ufeffone\ntwo\n' }, patch: begin('*** Update File: bom.txt', '@@', ' one', '-two', '+2') },
  { name: 'mixed line endings keep their own', before: { 'm.txt': 'a\r\nb\nc\r\n' }, patch: begin('*** Update File: m.txt', '@@', ' a', '-b', '+B', '+B2', ' c') },
  { name: 'update through a symlink to a file', before: { 'real.txt': A }, links: { 'link.txt': 'real.txt' }, patch: begin('*** Update File: link.txt', '@@', '-one', '+1') },
  { name: 'delete a symlink', before: { 'real.txt': A }, links: { 'link.txt': 'real.txt' }, patch: begin('*** Delete File: link.txt') },
  { name: 'update a dangling symlink', before: {}, links: { 'link.txt': 'gone.txt' }, patch: begin('*** Update File: link.txt', '@@', '-one', '+1') },
  { name: 'absolute path inside the working directory', before: { 'a.txt': A }, patch: begin('*** Update File: <cwd>/a.txt', '@@', '-one', '+1') },
  { name: 'add with an absolute path inside', before: {}, patch: begin('*** Add File: <cwd>/sub/abs.txt', '+x') },
  { name: 'path with ./ and ..', before: { 'd/a.txt': A }, patch: begin('*** Update File: ./d/../d/a.txt', '@@', '-one', '+1') },
  { name: 'two updates of one file', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '@@', '-one', '+1', '*** Update File: a.txt', '@@', '-three', '+3') },
  { name: 'delete then add the same file', before: { 'a.txt': A }, patch: begin('*** Delete File: a.txt', '*** Add File: a.txt', '+fresh') },
  { name: 'update then delete the same file', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '@@', '-one', '+1', '*** Delete File: a.txt') },
  { name: 'move then update the new path', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '*** Move to: b.txt', '@@', '-one', '+1', '*** Update File: b.txt', '@@', '-two', '+2') },
  { name: '@@ header with a unicode dash', before: { 'h.md': '## Part \u2014 one\nbody\n## Part - two\nbody\n' }, patch: begin('*** Update File: h.md', '@@ ## Part - one', '-body', '+BODY') },
  { name: 'repeated lines: the first after the cursor', before: { 'r.txt': 'x\ny\nx\ny\nx\ny\n' }, patch: begin('*** Update File: r.txt', '@@', '-y', '+Y1', '@@', '-y', '+Y2') },
  { name: 'same @@ header twice', before: { 'c.py': 'def f():\n  a\ndef f():\n  a\n' }, patch: begin('*** Update File: c.py', '@@ def f():', '-  a', '+  b', '@@ def f():', '-  a', '+  c') },
  { name: 'context spanning a blank line at the end', before: { 'e.txt': 'a\nb\n\n' }, patch: begin('*** Update File: e.txt', '@@', ' b', '', '+c') },
  { name: 'only removals', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '@@', '-one', '-two', '-three') },
  { name: 'whitespace-only added line', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '@@', ' one', '+   ', ' two') },
  { name: 'tab-indented context quoted with spaces', before: { 't.go': 'func f() {\n\treturn 1\n}\n' }, patch: begin('*** Update File: t.go', '@@', ' func f() {', '-    return 1', '+\treturn 2', ' }') },
  { name: 'unicode in added lines', before: { 'a.txt': A }, patch: begin('*** Update File: a.txt', '@@', ' one', '+\u00e9t\u00e9 \u2014 \u{1f600}') },
  { name: 'dash fuzz on a removed line', before: { 'd.txt': 'Title \u2014 draft\nbody\n' }, patch: begin('*** Update File: d.txt', '@@', '-Title - draft', '+Title - final', ' body') },
];

/** The cases on which Flotilla and Codex must agree; deliberate-cases.ts has the others. */
export const AGREEING_CASES: DiffCase[] = [...generated(), ...HANDWRITTEN];
