/**
 * How we set up and drive each kind of shell: bash (the real target) and a plain POSIX sh as a
 * last resort. Both are started interactive, print OSC 133 markers, and run every command in a
 * subshell so `cd`, `exit` or `set -e` in a command never change or kill the shell itself.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { COMMAND_END_FORMAT, COMMAND_START_FORMAT } from './osc-markers';
import { ansiCQuote, posixQuote } from './shell-quote';

export interface ShellDialect {
  readonly name: 'bash' | 'sh';
  readonly args: string[];
  environment(base: Record<string, string>): Record<string, string>;
  /** What to type (including Enter) so the shell runs `command` in `dir`, framed by markers. */
  commandLine(command: string, dir: string, nonce: string): string;
}

/** Variables that would change the prompt machinery or the shell's startup under our feet. */
const SHELL_CONTROL_VARS = ['PROMPT_COMMAND', 'PS0', 'PS1', 'PS2', 'PS4', 'BASH_ENV', 'ENV', 'HISTFILE'];

/** Pagers wait for a key the agent will never press; they stay for the user's own commands. */
const AGENT_EXPORTS = 'export PAGER=cat GIT_PAGER=cat GH_PAGER=cat';

/**
 * Runs once, from PROMPT_COMMAND, before the first prompt, then replaces PROMPT_COMMAND. Passing
 * it through the environment (and un-exporting it) keeps it out of the terminal and out of every
 * child process, so a nested bash never prints our markers. History is kept in memory only, and
 * the lines we type start with a space so they stay out of it.
 */
const BASH_INIT = [
  'unset __FLOTILLA_INIT; export -n PROMPT_COMMAND',
  'set +H; HISTFILE=; HISTCONTROL=ignorespace',
  String.raw`PS1='\W\$ \[\e]133;B\a\]'; PS2='> '; PS0=$'\e]133;C\a'`,
  String.raw`PROMPT_COMMAND='__flotilla_status=$?; printf "\033]133;D;%s;flotilla=%s\007\033]133;A\007" "$__flotilla_status" "$__flotilla_nonce"; __flotilla_nonce='`,
].join('\n');

function withoutControlVars(base: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { ...base, TERM: 'xterm-256color' };
  for (const name of SHELL_CONTROL_VARS) delete env[name];
  // Without any locale (a bare service environment), readline mangles typed UTF-8 and tools
  // print non-ASCII names as '?'.
  if (!env.LC_ALL && !env.LC_CTYPE && !env.LANG) env.LC_CTYPE = process.platform === 'darwin' ? 'UTF-8' : 'C.UTF-8';
  return env;
}

export const bashDialect: ShellDialect = {
  name: 'bash',
  args: ['--noprofile', '--norc', '-i'],
  environment(base) {
    return { ...withoutControlVars(base), PROMPT_COMMAND: 'eval "$__FLOTILLA_INIT"', __FLOTILLA_INIT: BASH_INIT };
  },
  commandLine(command, dir, nonce) {
    // C-e C-u first: clear whatever the user had half-typed at the prompt.
    const body = `cd -- ${ansiCQuote(dir)} || exit 1; ${AGENT_EXPORTS}; eval ${ansiCQuote(command)}`;
    return `\x05\x15 __flotilla_nonce=${nonce}; printf '${COMMAND_START_FORMAT}' "$__flotilla_nonce"; (${body})\r`;
  },
};

/**
 * Without PROMPT_COMMAND the end marker is part of the typed line. Without readline the line
 * goes through the tty's canonical mode, whose line limit the newlines of posixQuote respect.
 */
export const shDialect: ShellDialect = {
  name: 'sh',
  args: ['-i'],
  environment(base) {
    return { ...withoutControlVars(base), PS1: '$ \x1b]133;B\x07', PS2: '> ' };
  },
  commandLine(command, dir, nonce) {
    const body = `cd -- ${posixQuote(dir)} || exit 1; ${AGENT_EXPORTS}; eval ${posixQuote(command)}`;
    const end = `printf '${COMMAND_END_FORMAT}' "$?" ${nonce}`;
    return `\x15 printf '${COMMAND_START_FORMAT}' ${nonce}; (${body}); ${end}\r`;
  },
};

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** bash from PATH or the usual places; /bin/sh only when there is no bash at all. */
export function resolveShell(pathVar: string | undefined): { path: string; dialect: ShellDialect } {
  const fromPath = (pathVar ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'bash'));
  const candidates = [...fromPath, '/bin/bash', '/usr/bin/bash', '/usr/local/bin/bash', '/opt/homebrew/bin/bash'];
  const bash = candidates.find(isExecutable);
  return bash ? { path: bash, dialect: bashDialect } : { path: '/bin/sh', dialect: shDialect };
}

export function dialectForShell(shellPath: string): ShellDialect {
  return /(^|\/)bash[^/]*$/.test(shellPath) ? bashDialect : shDialect;
}
