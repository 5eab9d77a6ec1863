// The built CLI (dist/main/cli.cjs, built by the vitest global setup), run as a user runs it.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, connect, waitFor } from '../server/test-support/ws-test-client';

const CLI = join(__dirname, '..', '..', 'dist', 'main', 'cli.cjs');

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(args: string[], env: Record<string, string>, cwd?: string): Running {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
}

describe('dist/main/cli.cjs', () => {
  let base: string;
  let home: string;
  let repo: string;

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'flotilla-cli-bin-'));
    home = join(base, 'home');
    repo = join(base, 'repo');
    execFileSync('mkdir', ['-p', repo]);
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'user.email', 'cli@flotilla.test');
    git(repo, 'config', 'user.name', 'CLI Test');
    writeFileSync(join(repo, 'README.md'), '# Sample\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'Initial commit');
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('prints help and exits 0', async () => {
    const run = start(['--help'], { FLOTILLA_HOME: home });
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('Usage: flotilla <command>');
    const serve = start(['serve', '--help'], { FLOTILLA_HOME: home });
    expect(await serve.exited).toBe(0);
    expect(serve.stdout()).toContain('--port N');
  });

  it('exits 2 with the usage for an unknown command', async () => {
    const run = start(['frobnicate'], { FLOTILLA_HOME: home });
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('unknown command "frobnicate"');
    expect(run.stderr()).toContain('Usage: flotilla');
  });

  it('run: a --repo that does not exist is a clear message and exit 2', async () => {
    const run = start(['run', '--repo', join(base, 'missing'), '--demo', 'Add a note'], { FLOTILLA_HOME: home });
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain(join(base, 'missing'));
    expect(run.stdout()).toBe('');
  });

  it('serve: prints the URL, answers app.info over a WebSocket, exits 0 on SIGTERM', async () => {
    const serve = start(['serve', '--port', '0', '--demo'], { FLOTILLA_HOME: home });
    try {
      await waitFor(() => /Flotilla is listening on \S+\n/.test(serve.stdout()) || serve.child.exitCode !== null, 30_000, 'the URL line');
      const url = /^Flotilla is listening on (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/m.exec(serve.stdout())?.[1] ?? '';
      expect(url).not.toBe('');
      expect(existsSync(join(home, 'server.json'))).toBe(true);
      const client = await connect(apiUrl(url));
      const info = await client.call('app.info', {});
      expect(info).toMatchObject({ ok: true, value: { demoMode: true, dataDir: home } });
      await client.close();
    } finally {
      serve.child.kill('SIGTERM');
    }
    expect(await serve.exited).toBe(0);
    expect(existsSync(join(home, 'server.json'))).toBe(false);
  });

  it('run --demo --agents 2: two agents finish, one line each, and their branches exist', async () => {
    const run = start(['run', '--repo', repo, '--agents', '2', '--demo', 'Add a short note'], { FLOTILLA_HOME: home });
    const code = await run.exited;
    expect({ code, stderr: code === 0 ? '' : run.stderr() }).toEqual({ code: 0, stderr: '' });
    const lines = run.stdout().trim().split('\n');
    expect(lines).toHaveLength(2);
    const branches = lines.map((line) => line.split(/\s+/)[0] ?? '');
    for (const line of lines) expect(line).toMatch(/^flotilla\/\S+\s+done\s+\d+ files\s+\+\d+ -\d+$/);
    const listed = git(repo, 'branch', '--list', 'flotilla/*', '--format=%(refname:short)').trim().split('\n');
    expect(listed.sort()).toEqual(branches.sort());
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main');
  });

  it('run: Ctrl-C interrupts every agent and exits 130', async () => {
    const run = start(['run', '--repo', repo, '--agents', '2', '--demo-script', 'slow', 'Take your time'], { FLOTILLA_HOME: home });
    await waitFor(() => run.stderr().includes('working') || run.child.exitCode !== null, 30_000, 'an agent at work');
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.stderr()).toContain('Interrupting every agent');
    expect(run.stdout()).toBe('');
  });
});
