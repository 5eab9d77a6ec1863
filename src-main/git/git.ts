/**
 * The one place Flotilla runs git. Arguments are an argv array, never a shell string.
 *
 * Each call is one git process, run by simple-git (git-process.ts), judged here: the caller's `successExitCodes`
 * decide what is success (for `git merge-tree`, exit 1 is a conflict reported on stdout, not a
 * failure), and every failure is classified into a GitError with a kind callers branch on and a
 * sentence a person can act on (git-errors.ts). Callers only ever see `{ stdout, stderr, exitCode }`
 * or a GitError.
 *
 * Hardening, for every call: program-running config is neutralised (git-hardening.ts), and inside
 * a thread's worktree GIT_DIR/GIT_WORK_TREE are pinned to the gitdir the repository recorded, so
 * whatever the worktree's `.git` file says now is never read (trusted-worktrees.ts). Callers pass a
 * git verb first: global options (`-c`, `-C`, `--git-dir`) are this module's alone.
 *
 * Cancelling: every operation takes the caller's AbortSignal. Reading operations pass it to every
 * git process. Operations that move refs or write files pass it to the steps before their commit
 * point (which leave at most unreferenced objects) and check it once more just before; the commit
 * point itself runs to the end, so a cancelled merge, discard or rollback is either not done or done.
 */
import { existsSync } from 'node:fs';
import { classifyFailure, type GitErrorKind, type GitFailure } from './git-errors';
import { hardenedArgv } from './git-hardening';
import { runProcess } from './git-process';
import { pinnedGitDir, UntrustedWorktreeError } from './trusted-worktrees';

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunGitOptions {
  /** Exit codes treated as success; default [0]. */
  successExitCodes?: number[];
  signal?: AbortSignal;
  /** Extra environment for this call (for example GIT_INDEX_FILE). */
  env?: Record<string, string>;
  /** Written to git's stdin (for `--stdin` commands). */
  input?: string;
}

export class GitError extends Error {
  override readonly name = 'GitError';
  /** What went wrong, for callers to branch on (git-errors.ts). */
  readonly kind: GitErrorKind;
  /** What the user can do about it, when known. */
  readonly hint: string | null;

  constructor(
    readonly args: readonly string[],
    /** Null when git did not run to completion (missing folder, cancelled). */
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly stdout = '',
    failure: GitFailure = { kind: 'failed', hint: null },
  ) {
    super(describeFailure(args, exitCode, stderr, failure.hint));
    this.kind = failure.kind;
    this.hint = failure.hint;
  }
}

function describeFailure(args: readonly string[], exitCode: number | null, stderr: string, hint: string | null): string {
  const detail = stderr.trim().split('\n').slice(0, 5).join(' ');
  const status = exitCode === null ? 'did not complete' : `exited with code ${exitCode}`;
  const what = `git ${args.join(' ')} ${status}${detail ? `: ${detail}` : ''}`;
  return hint ? `${hint} (${what})` : what;
}

/**
 * Only what git and its hooks need from the ambient environment. Ambient GIT_* variables are left
 * out on purpose: a GIT_DIR or GIT_INDEX_FILE inherited from, say, a git hook that launched
 * Flotilla would silently redirect every command; so are EDITOR, PAGER and the like.
 */
const AMBIENT_KEYS = [
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR', 'TMP', 'TEMP', 'TZ', 'XDG_CONFIG_HOME',
  'SSH_AUTH_SOCK', 'GNUPGHOME', 'SYSTEMROOT', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA',
  'HOMEDRIVE', 'HOMEPATH', 'COMSPEC', 'PATHEXT',
];

const FORCED_ENV: Record<string, string> = { GIT_TERMINAL_PROMPT: '0', LANG: 'C', LC_ALL: 'C' };

function gitEnv(extra: Record<string, string> | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of AMBIENT_KEYS) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return { ...env, ...extra, ...FORCED_ENV };
}

/** GIT_DIR and GIT_WORK_TREE when `cwd` is in a thread's worktree; a GitError if it can no longer be trusted. */
async function pinnedEnv(cwd: string, argv: string[]): Promise<Record<string, string>> {
  try {
    const pinned = await pinnedGitDir(cwd);
    return pinned ? { GIT_DIR: pinned.gitDir, GIT_WORK_TREE: pinned.workTree } : {};
  } catch (error) {
    if (error instanceof UntrustedWorktreeError) throw new GitError(argv, null, '', '', { kind: 'untrusted_worktree', hint: error.message });
    throw error;
  }
}

function cancelled(argv: string[], stdout: string): GitError {
  return new GitError(argv, null, '', stdout, { kind: 'cancelled', hint: 'Cancelled.' });
}

/** Throws the same cancellation runGit would, at a step between git calls (before a commit point). */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new GitError([what], null, '', '', { kind: 'cancelled', hint: 'Cancelled.' });
}

export async function runGit(cwd: string, args: readonly string[], options: RunGitOptions = {}): Promise<GitResult> {
  const argv = [...args];
  if (argv[0]?.startsWith('-')) throw new Error(`runGit takes a git verb first, not the global option ${argv[0]}.`);
  if (!existsSync(cwd)) throw new GitError(argv, null, '', '', { kind: 'missing_folder', hint: `No folder at ${cwd}; it was moved or deleted.` });
  if (options.signal?.aborted) throw cancelled(argv, '');
  const env = { ...options.env, ...(await pinnedEnv(cwd, argv)) };
  if (options.signal?.aborted) throw cancelled(argv, '');
  const result = await runProcess(hardenedArgv(argv), { cwd, env: gitEnv(env), input: options.input, signal: options.signal });
  if (result.aborted) throw cancelled(argv, result.stdout);
  if (result.startError) {
    const hint = 'git could not be started; check that git is installed and on PATH.';
    throw new GitError(argv, null, result.startError.message, '', { kind: 'failed', hint });
  }
  const { stdout, stderr, exitCode } = result;
  if (exitCode === null) throw new GitError(argv, null, stderr, stdout, { kind: 'failed', hint: 'git was stopped by a signal from outside Flotilla.' });
  if (!(options.successExitCodes ?? [0]).includes(exitCode)) {
    throw new GitError(argv, exitCode, stderr, stdout, classifyFailure(exitCode, stderr, stdout, cwd));
  }
  return { stdout, stderr, exitCode };
}
