/**
 * Capture must be byte-complete: node-pty can lose the tail of output around process exit (its
 * issues #72 and #726), so we end a command on the shell's end marker, never on an exit. These
 * tests push megabytes through the pty and compare with what the same command wrote to a pipe
 * or a file.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PtyShell } from './pty-shell';
import { makeTempDir } from './test-support/shell-fixtures';

let dir: ReturnType<typeof makeTempDir>;
let shell: PtyShell;

beforeAll(async () => {
  dir = makeTempDir('flotilla-pty-capture-');
  writeFileSync(join(dir.path, 'random.bin'), randomBytes(3_000_000));
  writeFileSync(join(dir.path, 'text.txt'), mixedText(1_500_000));
  shell = await PtyShell.start({ cwd: dir.path });
});

afterAll(() => {
  shell.dispose();
  dir.remove();
});

/** Multi-byte characters (split across pty reads), tabs, CRLF and CR: all must survive. */
function mixedText(length: number): string {
  const pieces = ['a', 'é', '漢字', '🙂', '\t', ' ', '\n', '\r\n', 'progress\r', 'plain ascii words '];
  let text = '';
  while (text.length < length) text += pieces[Math.floor(Math.random() * pieces.length)];
  return text;
}

function viaPipe(command: string): string {
  return execFileSync('bash', ['-c', command], { cwd: dir.path, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Equality without printing megabytes on failure: where the first difference is. */
function firstDifference(actual: string, expected: string): string | null {
  if (actual === expected) return null;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, i - 20), i + 20));
  return `lengths ${actual.length} vs ${expected.length}; first difference at ${i}: ${around(actual)} vs ${around(expected)}`;
}

const PIPE_COMMANDS = [
  'base64 random.bin',
  'base64 -w0 random.bin',
  "base64 random.bin | tr -d '\\n'; printf 'ends without a newline'",
  'cat text.txt',
];

describe('byte-complete capture', () => {
  for (const round of [1, 2, 3]) {
    it.each(PIPE_COMMANDS)(`round ${round}: %s equals the pipe`, async (command) => {
      const result = await shell.run(command, { yieldTimeMs: 60_000 });
      expect(result.exitCode).toBe(0);
      expect(firstDifference(result.output, viaPipe(command))).toBeNull();
    });
  }

  it.each([
    ['with a trailing newline', 'head -c 3000000 /dev/urandom | base64 | tee out.txt'],
    ['without a trailing newline', 'head -c 3000000 /dev/urandom | base64 -w0 | tee out.txt'],
  ])('random data %s equals what tee wrote', async (_name, command) => {
    for (let i = 0; i < 3; i++) {
      const result = await shell.run(command, { yieldTimeMs: 60_000 });
      expect(result.exitCode).toBe(0);
      expect(firstDifference(result.output, readFileSync(join(dir.path, 'out.txt'), 'utf8'))).toBeNull();
    }
  });

  it('streams the same bytes to onOutput as it returns', async () => {
    let streamed = '';
    const result = await shell.run('cat text.txt', { yieldTimeMs: 60_000, onOutput: (chunk) => (streamed += chunk) });
    expect(firstDifference(streamed, result.output)).toBeNull();
  });

  it('captures two big commands running at once in separate sessions', async () => {
    const [a, b] = await Promise.all([
      shell.run('base64 random.bin', { yieldTimeMs: 60_000 }),
      shell.run('cat text.txt', { yieldTimeMs: 60_000 }),
    ]);
    expect(firstDifference(a.output, viaPipe('base64 random.bin'))).toBeNull();
    expect(firstDifference(b.output, viaPipe('cat text.txt'))).toBeNull();
  });
});
