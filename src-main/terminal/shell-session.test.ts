import { afterEach, describe, expect, it } from 'vitest';
import { PtyShell } from './pty-shell';
import { bashDialect, resolveShell, shDialect, type ShellDialect } from './shell-dialect';
import { ShellSession } from './shell-session';
import { makeTempDir } from './test-support/shell-fixtures';

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const dispose of disposers.splice(0)) dispose();
});

function env(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

async function session(shellPath: string, dialect: ShellDialect): Promise<ShellSession> {
  const dir = makeTempDir('flotilla-session-');
  const started = await ShellSession.start({
    shellPath,
    dialect,
    cwd: dir.path,
    env: dialect.environment(env()),
    cols: 80,
    rows: 24,
    wrapper: null,
  });
  disposers.push(() => started.dispose(), () => dir.remove());
  return started;
}

async function runIn(shell: ShellSession, command: string, dir = '/'): Promise<{ output: string; exitCode: number | null }> {
  let output = '';
  const execution = shell.execute(command, dir, (chunk) => (output += chunk));
  if (!execution) throw new Error('session busy');
  const exitCode = await execution.done;
  return { output, exitCode };
}

describe('ShellSession', () => {
  it('prefers bash', () => {
    expect(resolveShell(process.env.PATH).dialect).toBe(bashDialect);
  });

  it('falls back to a plain POSIX sh with the same behaviour', async () => {
    const sh = await session('/bin/sh', shDialect);
    expect(await runIn(sh, 'echo "a  b" \'$HOME\'; echo err >&2; exit 3')).toEqual({ output: 'a  b $HOME\nerr\n', exitCode: 3 });
    expect(await runIn(sh, "echo 'multi\nline'; pwd", '/tmp')).toEqual({ output: 'multi\nline\n/tmp\n', exitCode: 0 });
  });

  it('claims a session for one command at a time', async () => {
    const bash = await session(resolveShell(process.env.PATH).path, bashDialect);
    const first = bash.execute('sleep 0.2; echo first', '/', () => undefined);
    expect(first).not.toBeNull();
    expect(bash.idle).toBe(false);
    expect(bash.execute('echo second', '/', () => undefined)).toBeNull();
    expect(await first?.done).toBe(0);
    expect(await runIn(bash, 'echo second')).toEqual({ output: 'second\n', exitCode: 0 });
  });

  it('finishes a running command with a null exit code when the shell goes away', async () => {
    const bash = await session(resolveShell(process.env.PATH).path, bashDialect);
    const execution = bash.execute('sleep 30', '/', () => undefined);
    bash.dispose();
    expect(await execution?.done).toBeNull();
  });
});

describe('PtyShell wrapper', () => {
  it('starts the shell through the wrapper argv', async () => {
    const dir = makeTempDir('flotilla-wrapper-');
    const shell = await PtyShell.start({ cwd: dir.path, wrapper: ['env', 'FLOTILLA_WRAPPED=yes'] });
    disposers.push(() => shell.dispose(), () => dir.remove());
    expect(await shell.run('echo "$FLOTILLA_WRAPPED"')).toMatchObject({ exitCode: 0, output: 'yes\n' });
  });
});
