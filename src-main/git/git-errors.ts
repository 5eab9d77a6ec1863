/**
 * What went wrong with a git command, classified once at the chokepoint from git's exit code and
 * stderr (LC_ALL=C, so the English messages), with a sentence a person can act on. Callers
 * branch on `kind`, never on stderr text.
 */
export type GitErrorKind =
  /** The folder is not (inside) a repository, or has no working tree. */
  | 'not_a_repository'
  /** The repository belongs to another user and is not in safe.directory. */
  | 'dubious_ownership'
  /** Another git process holds the index lock (or a crashed one left it behind). */
  | 'index_locked'
  /** A ref moved under us, is locked, or collides with another ref's name. */
  | 'ref_conflict'
  /** A merge, cherry-pick or apply stopped on conflicts. */
  | 'merge_conflict'
  /** Local changes or untracked files are in the way of a checkout or fast-forward. */
  | 'would_overwrite'
  /** A revision, branch or path git was given does not exist. */
  | 'unknown_revision'
  /** The folder git was to run in does not exist. */
  | 'missing_folder'
  /** A thread worktree the repository no longer knows (see trusted-worktrees.ts). */
  | 'untrusted_worktree'
  /** The user running Flotilla may not read or write part of the repository (its files, objects or refs). */
  | 'permission_denied'
  /** The caller's AbortSignal fired. */
  | 'cancelled'
  | 'failed';

export interface GitFailure {
  kind: GitErrorKind;
  /** What to do about it; null when git's own words are all there is. */
  hint: string | null;
}

interface Rule {
  kind: GitErrorKind;
  test: RegExp;
  hint: (match: RegExpExecArray, cwd: string) => string | null;
}

const RULES: Rule[] = [
  {
    kind: 'dubious_ownership',
    test: /detected dubious ownership in repository at '([^']+)'/,
    hint: (m) => `${m[1]} belongs to another user, so git refuses to use it. If you trust it, run \`git config --global --add safe.directory ${m[1]}\`.`,
  },
  {
    kind: 'index_locked',
    test: /Unable to create '([^']+\.lock)': File exists/,
    hint: (m) => `Another git process is working in this repository (${m[1]} exists). Wait for it to finish; if none is running, delete that file and try again.`,
  },
  {
    kind: 'ref_conflict',
    test: /cannot lock ref '([^']+)'|reference already exists|unable to update local ref/,
    hint: (m) => `${m[1] ?? 'A ref'} was changed or locked by someone else while Flotilla was updating it. Try again; if it keeps failing, check for a running git process.`,
  },
  {
    kind: 'would_overwrite',
    test: /(?:local changes to the following files|untracked working tree files) would be overwritten/,
    hint: () => 'Files in the checkout are in the way: commit, stash or move them, then try again.',
  },
  {
    kind: 'merge_conflict',
    test: /^CONFLICT \(|Automatic merge failed|could not apply|patch does not apply/m,
    hint: () => 'The change does not apply cleanly: there are conflicts to resolve first.',
  },
  {
    kind: 'permission_denied',
    test: /(?:Permission denied|insufficient permission|Operation not permitted|Read-only file system)/,
    hint: () => 'git was not allowed to read or write part of the repository. Check that the user running Flotilla owns the repository (and its .git folder) and may write there.',
  },
  {
    kind: 'not_a_repository',
    test: /not a git repository|must be run in a work tree|this operation must be run in a work tree/,
    hint: (_m, cwd) => `${cwd} is not a git repository with a checkout. Choose a repository folder.`,
  },
  {
    kind: 'unknown_revision',
    test: /unknown revision|bad revision|Not a valid object name|not a valid ref|invalid reference|ambiguous argument/,
    hint: () => 'A branch or commit it needs is gone; refresh and try again.',
  },
];

/** `git merge` reports its conflicts on stdout, everything else goes to stderr. */
export function classifyFailure(exitCode: number | null, stderr: string, stdout: string, cwd: string): GitFailure {
  if (exitCode === null) return { kind: 'failed', hint: null };
  for (const rule of RULES) {
    const match = rule.test.exec(rule.kind === 'merge_conflict' ? `${stderr}\n${stdout}` : stderr);
    if (match) return { kind: rule.kind, hint: rule.hint(match, cwd) };
  }
  return { kind: 'failed', hint: null };
}
