// `flotilla diff`, `merge` and `discard` of the built CLI (dist/main/cli.cjs) against a real
// `flotilla serve --demo` on the same data dir.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../server/test-support/ws-test-client';

const CLI = join(__dirname, '..', '..', 'dist', 'main', 'cli.cjs');

interface Running {
  child: ChildProcess;
  stdout: () => string;
  exited: Promise<number | null>;
}

function start(args: string[], home: string): Running {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, FLOTILLA_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, stdout: () => out, exited };
}

async function flotilla(home: string, ...args: string[]): Promise<{ code: number | null; out: string }> {
  const run = start(args, home);
  return { code: await run.exited, out: run.stdout() };
}

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' });

describe('flotilla diff / merge / discard', () => {
  let base: string;
  let home: string;
  let repo: string;
  let serve: Running;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'flotilla-merge-cli-'));
    home = join(base, 'home');
    repo = join(base, 'repo');
    mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'README.md'), '# Sample\n');
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.name=T', '-c', 'user.email=t@t.invalid', 'commit', '-q', '-m', 'Initial commit');
    serve = start(['serve', '--demo', '--port', '0'], home);
    await waitFor(() => serve.stdout().includes('Flotilla is listening on') || serve.child.exitCode !== null, 30_000, 'the server');
  });

  afterAll(async () => {
    if (serve.child.exitCode === null) {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
    rmSync(base, { recursive: true, force: true });
  });

  it('shows the diff, checks and merges two threads, and discards them', async () => {
    const started = await flotilla(home, 'new', '--agents', '2', '--repo', repo, 'Add a short note');
    expect(started.code).toBe(0);
    const ids = started.out.trim().split('\n');
    for (const id of ids) expect((await flotilla(home, 'watch', id)).code).toBe(0);

    const stat = await flotilla(home, 'diff', ids[0]!, '--stat');
    expect(stat).toMatchObject({ code: 0, out: expect.stringMatching(/^A flotilla-demo\/agent-1\.md {2}\+\d+ -0$/m) });
    expect((await flotilla(home, 'diff', ids[0]!)).out).toMatch(/^@@ -0,0 \+1,\d+ @@/m);

    const check = await flotilla(home, 'merge', ...ids, '--check');
    expect(check.code).toBe(0);
    expect(check.out).toContain(`${ids[0]} + ${ids[1]}  clean`);
    expect((await flotilla(home, 'merge', ids[0]!, '--strategy', 'octopus')).code).toBe(2);

    const merged = await flotilla(home, 'merge', ...ids, '--strategy', 'rebase');
    expect(merged.code).toBe(0);
    expect(merged.out).toContain(`Merged ${ids[1]}`);
    expect(readFileSync(join(repo, 'flotilla-demo', 'agent-2.md'), 'utf8').length).toBeGreaterThan(0);
    git(repo, 'fsck', '--no-progress');

    for (const id of ids) expect(await flotilla(home, 'discard', id)).toEqual({ code: 0, out: `Discarded ${id}.\n` });
  }, 180_000);
});
