/**
 * What every git call Flotilla makes is run with, so that no configuration can make git start a
 * program of someone else's choosing in the server process. The threat: an agent (or a repository's
 * content) that managed to influence git configuration, for example through a worktree's `.git`
 * file pointed at a gitdir of its own. Pinning GIT_DIR (trusted-worktrees.ts) keeps such config
 * out; these overrides are the second wall, and they hold for the user's checkout too.
 *
 * `-c` on the command line outranks every config file (system, global, repository, worktree,
 * includes), and git passes it on to the git processes it starts itself (GIT_CONFIG_PARAMETERS),
 * submodules included.
 */

/**
 * Each key is a place where git config names a program git would run for us.
 *
 * Left as configured on purpose:
 * - `filter.<driver>.clean/smudge/process` (git-lfs and friends): real repositories need them to
 *   snapshot and check out files, and they come from the user's own config. An agent cannot add a
 *   driver: its worktree's gitdir is pinned to the one Flotilla recorded, and that gitdir and the
 *   repository's `.git` are read-only inside its sandbox. A nested repository the agent makes has
 *   a config of its own, but git is never started inside one: the snapshot does not use
 *   `git add` (checkpoint-snapshot.ts) and status/diff skip submodule work trees (below). In-tree
 *   `.gitattributes` can only select a driver the user already configured. The same holds for
 *   `merge.<driver>.driver`.
 * - `uploadpack.packObjectsHook`, `core.alternateRefsCommand`, `remote.*.uploadpack`, `core.gitProxy`,
 *   `core.sshCommand` run only while talking to another repository; `protocol.allow=never` stops
 *   every transport, so none of them can start. (Setting them to "" would not disable them: git
 *   would try to run an empty command.)
 * - `gpg.program` (and `gpg.ssh.program`, `gpg.x509.program`) run only to sign or verify; signing
 *   and verifying are turned off below, and Flotilla runs no command that verifies on request.
 */
export const NEUTRAL_CONFIG: ReadonlyArray<readonly [key: string, value: string]> = [
  // Runs a hook program on every index refresh (status, diff, add, reset...).
  ['core.fsmonitor', 'false'],
  // Hooks: post-checkout after `worktree add`, post-merge after a fast-forward, pre-auto-gc...
  ['core.hooksPath', '/dev/null'],
  // "cat" and ":" are git's own words for "no pager" and "no editor".
  ['core.pager', 'cat'],
  ['core.editor', ':'],
  ['sequence.editor', ':'],
  // An external diff driver; `--no-ext-diff` is also added to every diff. Empty makes a diff that
  // forgot the flag fail ("cannot run") instead of running anything.
  ['diff.external', ''],
  // No credentials are ever asked for or handed to a helper.
  ['credential.helper', ''],
  ['core.askPass', ''],
  // No transport at all: Flotilla never fetches or pushes. `ext::` named too, as it runs a command.
  ['protocol.allow', 'never'],
  ['protocol.ext.allow', 'never'],
  // Signing and verifying would run gpg.program (or ssh-keygen, gpgsm), and prompt for a passphrase.
  ['commit.gpgSign', 'false'],
  ['tag.gpgSign', 'false'],
  ['merge.verifySignatures', 'false'],
  ['log.showSignature', 'false'],
  // Nested repositories are the agent's content: never run git inside them for status or diff.
  ['submodule.recurse', 'false'],
  ['diff.ignoreSubmodules', 'dirty'],
  ['status.submoduleSummary', 'false'],
  // Our merges and cherry-picks must not leave a background gc/maintenance in the user's repository.
  ['gc.auto', '0'],
  ['maintenance.auto', 'false'],
];

export const NEUTRAL_CONFIG_ARGS: readonly string[] = NEUTRAL_CONFIG.flatMap(([key, value]) => ['-c', `${key}=${value}`]);

/** Verbs whose output can go through an external diff or textconv program. */
const DIFF_VERBS = new Set(['diff', 'log', 'show']);

/**
 * The caller's argv with the neutral config in front and, for diffing verbs, external diff and
 * textconv turned off (flags go right after the verb, before any `--` or revision).
 */
export function hardenedArgv(args: readonly string[]): string[] {
  const [verb, ...rest] = args;
  if (verb === undefined) return [...NEUTRAL_CONFIG_ARGS];
  const extra = DIFF_VERBS.has(verb) ? ['--no-ext-diff', '--no-textconv'] : [];
  return [...NEUTRAL_CONFIG_ARGS, verb, ...extra, ...rest];
}
