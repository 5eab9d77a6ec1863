/**
 * "Open in…": the thread's worktree in the user's editor (VS Code's `code`, else $VISUAL or
 * $EDITOR, which may be a terminal editor and so runs in a new terminal of the user's), the
 * system terminal or the file manager. The last two are for the desktop app, where the fleet
 * runs on the user's own machine.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fail, ok, type Result } from '../../../src-shared/protocol/api';
import type { OpenInTarget } from '../../../src-shared/protocol/api-terminal';

export interface OpenInDeps {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Opens a terminal of the user's running `command` in the worktree; returns its id. */
  openTerminal(command: string, title: string): Result<{ terminalId: string }>;
}

export async function openWorktreeIn(target: OpenInTarget, path: string, deps: OpenInDeps): Promise<Result<{ how: string }>> {
  const env = deps.env ?? process.env;
  const platform = deps.platform ?? process.platform;
  if (target === 'editor') return openEditor(path, env, deps);
  const argv = target === 'files' ? fileManager(platform, path) : systemTerminal(platform);
  if (!onPath(argv[0] as string, env)) return fail('invalid_request', `Cannot open the ${target === 'files' ? 'file manager' : 'terminal'}: ${argv[0]} is not installed.`);
  const started = await launch(argv, path);
  return started ?? ok({ how: `Opened ${path} with ${argv[0]}.` });
}

async function openEditor(path: string, env: NodeJS.ProcessEnv, deps: OpenInDeps): Promise<Result<{ how: string }>> {
  if (onPath('code', env)) {
    const failed = await launch(['code', path], path);
    if (!failed) return ok({ how: `Opened ${path} in VS Code.` });
  }
  const editor = env.VISUAL || env.EDITOR;
  if (!editor) return fail('invalid_request', 'No editor found: install VS Code\'s `code` command, or set $VISUAL or $EDITOR.');
  const opened = deps.openTerminal(`${editor} ${singleQuoted(path)}`, editor);
  return opened.ok ? ok({ how: `Opened ${editor} in a new terminal.` }) : opened;
}

function fileManager(platform: NodeJS.Platform, path: string): string[] {
  if (platform === 'darwin') return ['open', path];
  if (platform === 'win32') return ['explorer', path];
  return ['xdg-open', path];
}

function systemTerminal(platform: NodeJS.Platform): string[] {
  if (platform === 'darwin') return ['open', '-a', 'Terminal', '.'];
  if (platform === 'win32') return ['cmd', '/c', 'start', 'cmd'];
  return ['x-terminal-emulator'];
}

function onPath(program: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, program)));
}

/** Starts the program detached (it outlives Flotilla); an error if it would not start. */
function launch(argv: string[], cwd: string): Promise<Result<never> | null> {
  return new Promise((resolve) => {
    const child = spawn(argv[0] as string, argv.slice(1), { cwd, detached: true, stdio: 'ignore' });
    child.once('error', (error) => resolve(fail('internal', `Could not start ${argv[0]}: ${error.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolve(null);
    });
  });
}

/** POSIX single quotes: the user's shell may not be bash. */
function singleQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
