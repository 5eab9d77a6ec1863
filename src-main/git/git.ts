/**
 * The one place Flotilla runs git. Arguments are an argv array, never a shell string.
 *
 * Built on simple-git's `raw()` with a fresh instance per call. simple-git decides on its own
 * what counts as failure (a non-zero exit *with* stderr) and hides the exit code, which is wrong
 * for commands such as `git merge-tree` (exit 1 = conflict, on stdout). So an `errors` plugin
 * captures the process result and clears simple-git's verdict; this module then applies the
 * caller's `successExitCodes`. Callers only ever see `{ stdout, stderr, exitCode }` or a GitError.
 *
 * Known cost: simple-git waits an extra 50 ms after a command that printed nothing at all (it
 * cannot be configured away), so hot paths use commands that always say something: refs are read
 * with `cat-file --batch-check` and written with an acknowledged `update-ref --stdin` transaction
 * (refs.ts), status gets `--branch`, no `--quiet` on `worktree add`. scripts/git-bench.mjs measures
 * what is left per agent turn.
 *
 * Hardening, for every call: program-running config is neutralised (git-hardening.ts), and inside
 * a thread's worktree GIT_DIR/GIT_WORK_TREE are pinned to the gitdir the repository recorded, so
 * whatever the worktree's `.git` file says now is never read (trusted-worktrees.ts). Callers pass a
 * git verb first: global options (`-c`, `-C`, `--git-dir`) are this module's alone.
 *
 * Cancelling: the read-only operations (diff, diff stat, snapshot, checkpoint, conflict matrix,
 * inspectRepo) take the caller's AbortSignal down to every git process. Operations that move
 * refs or write files (merge, discard, rollback, revert, worktree add/remove) take none on
 * purpose: stopped half-way they would leave a half-done merge or a half-restored worktree.
 */
import { existsSync } from 'node:fs';
import { simpleGit, GitPluginError, type SimpleGitOptions } from 'simple-git';
import { classifyFailure, type GitErrorKind, type GitFailure } from './git-errors';
import { hardenedArgv, SIMPLE_GIT_UNSAFE_ALLOWED } from './git-hardening';
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
 * Flotilla would silently redirect every command. simple-git also rejects editor/pager variables.
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

interface CapturedResult {
  stdOut: Buffer[];
  stdErr: Buffer[];
  exitCode: number;
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

export async function runGit(cwd: string, args: readonly string[], options: RunGitOptions = {}): Promise<GitResult> {
  const argv = [...args];
  if (argv[0]?.startsWith('-')) throw new Error(`runGit takes a git verb first, not the global option ${argv[0]}.`);
  if (!existsSync(cwd)) throw new GitError(argv, null, '', '', { kind: 'missing_folder', hint: `No folder at ${cwd}; it was moved or deleted.` });
  if (options.signal?.aborted) throw cancelled(argv, '');
  const env = { ...options.env, ...(await pinnedEnv(cwd, argv)) };
  let captured: CapturedResult | null = null;
  const config: Partial<SimpleGitOptions> = {
    baseDir: cwd,
    allowEnvironment: [...Object.keys(env), ...Object.keys(FORCED_ENV)],
    unsafe: SIMPLE_GIT_UNSAFE_ALLOWED,
    // Keep plugin failures (abort, guards) as errors; exit codes are judged below.
    errors: (error, result) => {
      captured = result;
      return error instanceof GitPluginError ? error : undefined;
    },
  };
  if (options.signal) config.abort = options.signal;
  const { input } = options;
  if (input !== undefined) config.input = () => input;
  let stdout: string;
  try {
    stdout = await simpleGit(config).env(gitEnv(env)).raw(hardenedArgv(argv));
  } catch (error) {
    if (options.signal?.aborted) throw cancelled(argv, '');
    const message = error instanceof Error ? error.message : String(error);
    // A plugin refusal is Flotilla's own mistake; anything else means git did not start.
    const hint = error instanceof GitPluginError ? null : 'git could not be started; check that git is installed and on PATH.';
    throw new GitError(argv, null, message, '', { kind: 'failed', hint });
  }
  const result = captured as CapturedResult | null;
  const stderr = result ? Buffer.concat(result.stdErr).toString('utf8') : '';
  const exitCode = result ? result.exitCode : 0;
  if (options.signal?.aborted) throw cancelled(argv, stdout);
  if (!(options.successExitCodes ?? [0]).includes(exitCode)) {
    throw new GitError(argv, exitCode, stderr, stdout, classifyFailure(exitCode, stderr, stdout, cwd));
  }
  return { stdout, stderr, exitCode };
}
