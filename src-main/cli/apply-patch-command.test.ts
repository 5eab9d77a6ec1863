// `flotilla apply-patch` through the built CLI (dist/main/cli.cjs, built by the vitest global
// setup), with the patch on stdin, as a script runs it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const CLI = join(__dirname, '..', '..', 'dist', 'main', 'cli.cjs');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], input: string, cwd: string): Promise<Ran> {
  const child = spawn(process.execPath, [CLI, 'apply-patch', ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

const patch = (...lines: string[]) => ['*** Begin Patch', ...lines, '*** End Patch', ''].join('\n');

describe('flotilla apply-patch', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-apply-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('applies the patch in the current directory and prints the summary', async () => {
    writeFileSync(join(dir, 'a.txt'), 'one\ntwo\n');
    const ran = await run([], patch('*** Update File: a.txt', '@@', ' one', '-two', '+2', '*** Add File: b.txt', '+b'), dir);
    expect(ran).toEqual({ code: 0, stdout: 'Success. Updated the following files:\nA b.txt\nM a.txt\n', stderr: '' });
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('one\n2\n');
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).toBe('b\n');
  });

  it('takes the patch as its argument, as Codex\'s apply_patch does, and then ignores stdin', async () => {
    const ran = await run([patch('*** Add File: arg.txt', '+from the argument')], 'not a patch', dir);
    expect(ran).toEqual({ code: 0, stdout: 'Success. Updated the following files:\nA arg.txt\n', stderr: '' });
    expect(readFileSync(join(dir, 'arg.txt'), 'utf8')).toBe('from the argument\n');
  });

  it('exits 2 on more than one argument', async () => {
    const ran = await run([patch('*** Add File: a.txt', '+a'), 'extra'], '', dir);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('apply-patch takes one PATCH argument');
    expect(existsSync(join(dir, 'a.txt'))).toBe(false);
  });

  it('takes the directory from --cwd', async () => {
    const ran = await run(['--cwd', dir], patch('*** Add File: c.txt', '+c'), tmpdir());
    expect(ran.code).toBe(0);
    expect(readFileSync(join(dir, 'c.txt'), 'utf8')).toBe('c\n');
  });

  it('exits 1 with the tool error and changes nothing', async () => {
    writeFileSync(join(dir, 'a.txt'), 'x\n');
    const text = patch('*** Add File: new.txt', '+n', '*** Update File: a.txt', '@@', '-nope', '+y');
    const ran = await run([], text, dir);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toBe(`Failed to find expected lines in ${join(dir, 'a.txt')}:\nnope\n`);
    expect(existsSync(join(dir, 'new.txt'))).toBe(false);
  });

  it('exits 1 on a patch that does not parse, and on paths outside the directory', async () => {
    expect(await run([], 'not a patch', dir)).toMatchObject({ code: 1, stderr: "Invalid patch: The first line of the patch must be '*** Begin Patch'\n" });
    expect((await run([], patch('*** Add File: ../x', '+x'), dir)).stderr).toContain("Refusing path '../x'");
  });

  it('exits 2 on an unknown option', async () => {
    const ran = await run(['--frob'], '', dir);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('Usage: flotilla apply-patch');
  });
});
