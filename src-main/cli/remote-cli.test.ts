// The remote-control commands of the built CLI (dist/main/cli.cjs, built by the vitest global
// setup) against a real `flotilla serve --demo` on the same data dir, as a script would use them.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThreadSummarySchema } from '../../src-shared/protocol/thread-events';
import { waitFor } from '../server/test-support/ws-test-client';

const CLI = join(__dirname, '..', '..', 'dist', 'main', 'cli.cjs');
const SLOW = 120_000;

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(args: string[], home: string): Running {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, FLOTILLA_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Runs a CLI command to its end. */
async function flotilla(home: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = start(args, home);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
}

async function listThreads(home: string): Promise<{ id: string; status: string }[]> {
  const listed = await flotilla(home, 'threads', '--json');
  expect(listed.code).toBe(0);
  return ThreadSummarySchema.array().parse(JSON.parse(listed.stdout));
}

describe('remote control of `flotilla serve` from the CLI', () => {
  let base: string;
  let home: string;
  let repo: string;
  let serve: Running;
  let ids: string[] = [];

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'flotilla-remote-cli-'));
    home = join(base, 'home');
    repo = join(base, 'repo');
    mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'user.email', 'cli@flotilla.test');
    git(repo, 'config', 'user.name', 'CLI Test');
    writeFileSync(join(repo, 'README.md'), '# Sample\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'Initial commit');
    serve = start(['serve', '--demo', '--port', '0'], home);
    await waitFor(() => serve.stdout().includes('Flotilla is listening on') || serve.child.exitCode !== null, 30_000, 'the server');
    expect(serve.stdout()).toContain('Flotilla is listening on');
  });

  afterAll(async () => {
    if (serve.child.exitCode === null) {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
    rmSync(base, { recursive: true, force: true });
  });

  it('with no server on the data dir, says so and exits 2', async () => {
    const otherHome = join(base, 'no-server-home');
    const result = await flotilla(otherHome, 'threads');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`No Flotilla server is running for ${otherHome}. Start one with \`flotilla serve\`.\n`);
  });

  it('new --agents 2 prints two thread ids; watch prints the transcript and exits 0 when done', async () => {
    const started = await flotilla(home, 'new', '--agents', '2', '--repo', repo, 'Add a short note');
    expect({ code: started.code, stderr: started.stderr }).toEqual({ code: 0, stderr: '' });
    ids = started.stdout.trim().split('\n');
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^\S+$/);
    for (const id of ids) {
      const watched = await flotilla(home, 'watch', id);
      expect({ code: watched.code, stderr: watched.stderr }).toEqual({ code: 0, stderr: '' });
      expect(watched.stdout).toContain('> Add a short note');
      expect(watched.stdout).toMatch(/^\$ .+$/m);
      expect(watched.stdout).toMatch(/^patch: add /m);
      expect(watched.stdout).toMatch(/^-- done/m);
    }
  }, SLOW);

  it('threads lists them done, as JSON and as a table', async () => {
    const threads = await listThreads(home);
    expect(threads.filter((t) => ids.includes(t.id)).map((t) => t.status)).toEqual(['done', 'done']);
    const table = await flotilla(home, 'threads');
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+AGENT\s+STATUS\s+BRANCH\s+ACTIVITY\s+TOKENS\s+\+\/-$/);
    for (const id of ids) expect(lines.some((line) => line.startsWith(id) && /\sdone\s/.test(line))).toBe(true);
  });

  it('watch --json prints the raw events, one JSON object a line', async () => {
    const watched = await flotilla(home, 'watch', '--json', ids[0] ?? '');
    expect(watched.code).toBe(0);
    const events = watched.stdout.trim().split('\n').map((line) => JSON.parse(line) as { threadId: string; seq: number });
    expect(events.every((e) => e.threadId === ids[0])).toBe(true);
    const seqs = events.map((e) => e.seq);
    expect(seqs.length).toBeGreaterThan(0);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('send starts a new turn on a finished thread, which reaches done', async () => {
    const id = ids[0] ?? '';
    const sent = await flotilla(home, 'send', id, 'One more thing');
    expect({ code: sent.code, stderr: sent.stderr }).toEqual({ code: 0, stderr: '' });
    const watched = await flotilla(home, 'watch', id);
    expect({ code: watched.code, stdout: watched.stdout }).toMatchObject({ code: 0 });
    const tail = watched.stdout.slice(watched.stdout.indexOf('> One more thing'));
    expect(tail).toMatch(/^-- done/m);
  }, SLOW);

  it('an unknown thread id is the server not_found message and exit 2', async () => {
    for (const args of [['watch', 'no-such-thread'], ['send', 'no-such-thread', 'hi'], ['interrupt', 'no-such-thread']]) {
      const result = await flotilla(home, ...args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('no-such-thread');
    }
  });

  it('pause --all, resume ID, resume --all, then interrupt --all stops every running thread', async () => {
    // Each agent's turn runs a minute-long command, so the threads are still working whatever the
    // load on the machine when `interrupt --all` comes.
    const longScript = join(home, 'long-turn.json');
    const longTurn = { type: 'function_call', name: 'exec_command', arguments: { cmd: 'sleep 60', yield_time_ms: 120000 } };
    writeFileSync(longScript, JSON.stringify({ name: 'long-turn', responses: [{ output: [{ type: 'message', text: 'Working.' }, longTurn] }] }));
    const started = await flotilla(home, 'new', '--agents', '2', '--repo', repo, '--demo-script', longScript, 'Take your time');
    expect(started.code).toBe(0);
    const slow = started.stdout.trim().split('\n');
    const [first = '', second = ''] = slow;
    const statuses = async () => (await listThreads(home)).filter((t) => slow.includes(t.id)).map((t) => t.status);
    const untilAll = async (status: string) => {
      let current: string[] = [];
      while (current.length !== 2 || !current.every((s) => s === status)) current = await statuses();
    };
    await untilAll('working');

    expect(await flotilla(home, 'pause', '--all')).toMatchObject({ code: 0, stdout: 'Paused 2 threads.\n' });
    expect(await statuses()).toEqual(['paused', 'paused']);
    expect(await flotilla(home, 'resume', first)).toMatchObject({ code: 0, stdout: `Resumed ${first}.\n` });
    expect(await flotilla(home, 'resume', '--all')).toMatchObject({ code: 0, stdout: 'Resumed 1 thread.\n' });

    const interrupted = await flotilla(home, 'interrupt', '--all');
    expect({ code: interrupted.code, stdout: interrupted.stdout }).toEqual({ code: 0, stdout: 'Interrupted 2 threads.\n' });
    for (const id of [first, second]) {
      const watched = await flotilla(home, 'watch', id);
      expect(watched.code).toBe(1);
      expect(watched.stdout).toMatch(/^-- paused: Paused\n(?:.*\n)*?-- working: Resumed\n(?:.*\n)*-- interrupted/m);
    }
    expect(await statuses()).toEqual(['interrupted', 'interrupted']);
  }, SLOW);

  it('pause on a thread that has ended prints the server message and exits 1', async () => {
    const result = await flotilla(home, 'pause', ids[1] ?? '');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('only a running thread can be paused');
  });

  it('when the server stops, watch --follow says so; then server.json left behind is reported stale', async () => {
    const pid = serve.child.pid ?? 0;
    const file = join(home, 'server.json');
    const recorded = execFileSync('cat', [file], { encoding: 'utf8' });
    const follower = start(['watch', '--follow', ids[0] ?? ''], home);
    await waitFor(() => /^-- done/m.test(follower.stdout()) || follower.child.exitCode !== null, 30_000, 'the history');
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(await follower.exited).toBe(1);
    expect(follower.stderr()).toBe('The Flotilla server closed the connection; the thread goes on without this watch.\n');
    // A crashed server leaves its file behind; put it back to stand in for one.
    writeFileSync(file, recorded, { mode: 0o600 });
    const result = await flotilla(home, 'threads');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`(pid ${pid}) is no longer running`);
  }, SLOW);
});
