import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PtyShell, UnknownSessionError, type CommandResult } from './pty-shell';
import { makeTempDir, waitUntil } from './test-support/shell-fixtures';

let dir: ReturnType<typeof makeTempDir>;
let shell: PtyShell;

beforeAll(async () => {
  dir = makeTempDir('flotilla-pty-shell-');
  mkdirSync(join(dir.path, 'sub', 'deeper'), { recursive: true });
  shell = await PtyShell.start({ cwd: dir.path });
});

afterAll(() => {
  shell.dispose();
  dir.remove();
});

/** The same command through a plain pipe: what the captured output must equal. */
function viaPipe(command: string): string {
  return execFileSync('bash', ['-c', command], { cwd: dir.path, encoding: 'utf8' });
}

/** Polls a yielded session until its command ends, collecting everything it printed. */
async function drain(first: CommandResult): Promise<{ output: string; exitCode: number | null }> {
  let output = first.output;
  let result = first;
  while (result.running) {
    result = await shell.pollSession(first.sessionId as number, { yieldTimeMs: 200 });
    output += result.output;
  }
  return { output, exitCode: result.exitCode };
}

describe('PtyShell.run', () => {
  it('reports exit codes, and `exit` ends only the command', async () => {
    expect((await shell.run('true')).exitCode).toBe(0);
    expect((await shell.run('false')).exitCode).toBe(1);
    expect((await shell.run('exit 42')).exitCode).toBe(42);
    expect((await shell.run('sh -c "exit 7"')).exitCode).toBe(7);
    expect(await shell.run('echo still here')).toMatchObject({ exitCode: 0, output: 'still here\n', running: false });
  });

  it('captures stdout and stderr, multi-line, without the command line', async () => {
    const result = await shell.run('echo out; echo err >&2; printf "two\\nlines\\n"');
    expect(result.output).toBe('out\nerr\ntwo\nlines\n');
    expect(result.sessionId).toBeNull();
  });

  it.each([
    ['quotes and variables', `X='a  b'; echo "it's \\"quoted\\" $X" 'single $X' \`echo tick\`; printf '[%s]\\n' $X "$X"`],
    ['a literal newline inside quotes', "echo 'first\nsecond'"],
    ['tabs, backslashes and bangs', "printf 'tab\\there\\nback\\\\slash\\n'; echo !! '!x' \"a!b\""],
    ['unicode', 'echo "héllo wörld 漢字 🙂"'],
    ['a heredoc', "cat <<'EOF'\nline $1 \\ ! !!\n\tindented\nEOF\necho after"],
    ['a multi-line loop', 'for i in 1 2 3; do\n  echo "n=$i"\ndone'],
    ['no arguments leaking in', 'echo "args=$# [$1]"'],
    ['a comment only', '# nothing to do'],
    ['output without a trailing newline', "printf 'no newline'"],
  ])('runs %s exactly as bash -c would', async (_name, command) => {
    const result = await shell.run(command);
    expect(result.exitCode).toBe(0);
    expect(result.output).toBe(viaPipe(command));
  });

  it('runs in workdir without moving the shell', async () => {
    expect((await shell.run('pwd -P', { workdir: 'sub' })).output).toBe(`${join(dir.path, 'sub')}\n`);
    expect((await shell.run('pwd -P', { workdir: join(dir.path, 'sub', 'deeper') })).output).toBe(
      `${join(dir.path, 'sub', 'deeper')}\n`,
    );
    await shell.run('cd /');
    expect((await shell.run('pwd -P')).output).toBe(`${dir.path}\n`);
    const missing = await shell.run('pwd', { workdir: 'no such dir' });
    expect(missing.exitCode).toBe(1);
    expect(missing.output).toContain('no such dir');
  });

  it('gives a command an empty stdin: nothing we typed leaks into it', async () => {
    const result = await shell.run('read -t 1 -r line; echo "status=$? line=[$line]"');
    expect(result.output).toMatch(/^status=\d+ line=\[\]\n$/);
  });

  it('does not end a command on output that looks like a marker', async () => {
    const command = "printf '\\033]133;D;0;flotilla=fake\\007\\033]133;D;0\\007'; echo after; exit 3";
    const result = await shell.run(command);
    expect(result).toMatchObject({ exitCode: 3, output: 'after\n' });
  });

  it('streams output as it arrives', async () => {
    const chunks: string[] = [];
    const result = await shell.run('echo one; sleep 0.2; echo two', { onOutput: (chunk) => chunks.push(chunk) });
    expect(chunks.join('')).toBe(result.output);
    expect(result.output).toBe('one\ntwo\n');
  });
});

describe('yielding and sessions', () => {
  it('yields a long command, and polling returns the rest and its exit code', async () => {
    const first = await shell.run('for i in 1 2 3; do echo $i; sleep 0.3; done', { yieldTimeMs: 100 });
    const all = await drain(first);
    expect(all).toEqual({ output: '1\n2\n3\n', exitCode: 0 });
  });

  it('keeps a yielded command running, and runs the next command in another session', async () => {
    const gate = join(dir.path, 'gate-1');
    const first = await shell.run(`echo waiting; while [ ! -e '${gate}' ]; do sleep 0.05; done; echo released; exit 5`, {
      yieldTimeMs: 300,
    });
    expect(first.running).toBe(true);
    expect(first.exitCode).toBeNull();
    expect(typeof first.sessionId).toBe('number');
    const groups = shell.runningProcessGroups();
    expect(groups).toHaveLength(1);
    expect(() => process.kill(-(groups[0] as number), 0)).not.toThrow();

    const second = await shell.run('echo second; exit 2');
    expect(second).toMatchObject({ exitCode: 2, output: 'second\n', running: false });

    writeFileSync(gate, '');
    const all = await drain(first);
    expect(all.output).toBe('waiting\nreleased\n');
    expect(all.exitCode).toBe(5);
    await expect(shell.pollSession(first.sessionId as number)).rejects.toBeInstanceOf(UnknownSessionError);
  });

  it('writes to a running command through pollSession', async () => {
    const first = await shell.run('read -r name; echo "hello $name"; cat; echo "cat done"', { yieldTimeMs: 250 });
    expect(first.running).toBe(true);
    const id = first.sessionId as number;
    let output = first.output;
    output += (await shell.pollSession(id, { chars: 'flotilla\n', yieldTimeMs: 50 })).output;
    output += (await shell.pollSession(id, { chars: 'to cat\n', yieldTimeMs: 50 })).output;
    const rest = await drain(await shell.pollSession(id, { chars: '\x04', yieldTimeMs: 50 }));
    output += rest.output;
    expect(output).toContain('hello flotilla\n');
    expect(output).toContain('to cat\n');
    expect(output).toContain('cat done\n');
    expect(rest.exitCode).toBe(0);
  });
});

describe('abort', () => {
  async function runAndAbortOnceStarted(command: string): Promise<CommandResult> {
    const controller = new AbortController();
    let seen = '';
    return shell.run(command, {
      signal: controller.signal,
      onOutput: (chunk) => {
        seen += chunk;
        if (seen.includes('started')) controller.abort();
      },
    });
  }

  it('interrupts with Ctrl-C and leaves the shell usable', async () => {
    const result = await runAndAbortOnceStarted('echo started; sleep 30; echo never');
    expect(result.running).toBe(false);
    expect([130, null]).toContain(result.exitCode);
    expect(result.output).toContain('started');
    expect(result.output).not.toContain('never');
    expect(await shell.run('echo ok')).toMatchObject({ exitCode: 0, output: 'ok\n' });
  });

  it('kills a command that ignores Ctrl-C', async () => {
    const result = await runAndAbortOnceStarted("trap '' INT; echo started; sleep 30; echo never");
    expect(result.running).toBe(false);
    expect(result.output).not.toContain('never');
    expect(await shell.run('echo ok')).toMatchObject({ exitCode: 0, output: 'ok\n' });
  });

  it('does not start a command whose signal is already aborted', async () => {
    const result = await shell.run('echo nope', { signal: AbortSignal.abort() });
    expect(result).toMatchObject({ exitCode: null, output: '', running: false });
  });
});

describe('the terminal view', () => {
  it('starts with the first prompt in the scrollback', () => {
    expect(shell.scrollback()).toMatch(/^[^\n]*[$#] /);
  });

  it('shows what ran and its output, without markers or framing', async () => {
    let raw = '';
    const stop = shell.onData((data) => (raw += data));
    await shell.run('echo "view test"');
    stop();
    expect(raw).toContain('echo "view test"\r\n');
    expect(raw).toContain('view test\r\n');
    expect(raw).not.toContain('\x1b]133');
    expect(raw).not.toContain('__flotilla_nonce');
    expect(shell.scrollback()).toContain('view test\r\n');
  });

  it("holds the agent's command while the user's own command runs in the terminal, then runs it there", async () => {
    const gate = join(dir.path, 'gate-user');
    shell.write(`echo user-started; while [ ! -e '${gate}' ]; do sleep 0.05; done; echo user-done\r`);
    await waitUntil(() => shell.scrollback().includes('user-started\r\n'), 'the user command to start');
    expect(shell.sharedState()).toEqual({ userCommand: true, agentWaiting: false });
    const agent = shell.run('echo agent');
    await waitUntil(() => shell.sharedState().agentWaiting, 'the agent command to wait');
    expect(shell.scrollback()).not.toContain('echo agent');
    writeFileSync(gate, '');
    expect(await agent).toMatchObject({ exitCode: 0, output: 'agent\n' });
    const view = shell.scrollback();
    expect(view.indexOf('user-done\r\n')).toBeLessThan(view.indexOf('echo agent'));
    expect(shell.sharedState()).toEqual({ userCommand: false, agentWaiting: false });
  });

  it('restarts the main shell after the user exits it', async () => {
    const oldPid = shell.pid;
    shell.write('exit\r');
    await waitUntil(() => shell.pid !== oldPid, 'a new main shell');
    expect(await shell.run('echo reborn')).toMatchObject({ exitCode: 0, output: 'reborn\n' });
    expect(shell.pid).not.toBe(oldPid);
  });
});
