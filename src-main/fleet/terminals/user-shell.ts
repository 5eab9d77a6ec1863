/**
 * A shell of the user's own in a thread's worktree: spawned by the fleet as the user, with the
 * user's environment, outside the agents' sandbox (the view marks it so).
 */
import { spawn, type IPty } from 'node-pty';
import type { TerminalSource } from './terminal-channel';

export interface UserShellOptions {
  cwd: string;
  cols: number;
  rows: number;
  /** Extra variables on top of the user's environment. */
  env: Record<string, string>;
  /** Run instead of an interactive shell (an editor), then the shell ends with it. */
  command?: string;
  onData(data: string): void;
  onExit(code: number): void;
}

export function userShellPath(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') return env.COMSPEC ?? 'cmd.exe';
  return env.SHELL || '/bin/bash';
}

export function spawnUserShell(options: UserShellOptions): TerminalSource {
  const shell = userShellPath();
  const args = options.command ? ['-c', options.command] : [];
  const pty: IPty = spawn(shell, args, {
    name: 'xterm-256color',
    cwd: options.cwd,
    cols: options.cols,
    rows: options.rows,
    env: { ...definedEnv(process.env), ...options.env, TERM: 'xterm-256color' },
  });
  let exited = false;
  pty.onData(options.onData);
  pty.onExit(({ exitCode }) => {
    exited = true;
    options.onExit(exitCode);
  });
  return {
    input: (data) => !exited && pty.write(data),
    resize: (cols, rows) => !exited && pty.resize(cols, rows),
    setPaused: (paused) => {
      if (exited) return;
      if (paused) pty.pause();
      else pty.resume();
    },
    close: () => {
      if (exited) return;
      try {
        pty.kill('SIGHUP');
      } catch {
        // Already gone.
      }
    },
  };
}

function definedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) defined[name] = value;
  return defined;
}
