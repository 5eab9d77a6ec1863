/**
 * The sandbox policy of one worker, built by the fleet (never by the agent): what the worker wraps
 * its shell in. The floor is Codex's (read-only file system, the worktree writable, no network);
 * Flotilla adds the read-only git metadata of the worktree and hides its own data dir and the
 * user's credential folders. A thread's grants (network, named credential folders) are the only
 * way past it, and kind 'none' is only ever chosen where nothing works and the mode allows it.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { fail, ok, type Result } from '../../../src-shared/protocol/api';
import type { ApprovalMode } from '../../../src-shared/protocol/agent';
import { CREDENTIAL_PATHS, type CredentialName, type SandboxGrants, type SandboxPolicy, type SandboxStatus } from '../../../src-shared/protocol/sandbox';
import { runGit } from '../../git/git';
import type { SandboxSupport } from '../../terminal/sandbox/detect';

export interface PolicyInputs {
  support: SandboxSupport;
  /** settings.json `allowUnsandboxed`. */
  allowUnsandboxed: boolean;
  approvalMode: ApprovalMode;
  worktreePath: string;
  /** The repository's common git dir, absolute (see gitCommonDir). */
  commonGitDir: string;
  dataDir: string;
  /** The user's home, under which CREDENTIAL_PATHS live. */
  home: string;
  grants: SandboxGrants;
  /** settings.json, named in the refusal so the user knows where to opt in. */
  settingsFile: string;
}

/** The status clients are told (app.info) and run/serve print. */
export function sandboxStatus(support: SandboxSupport, allowUnsandboxed: boolean): SandboxStatus {
  return { kind: support.available ? support.kind : 'none', available: support.available, problem: support.problem, allowUnsandboxed };
}

/**
 * The refusal of full auto where no sandbox works and the user has not opted in; null when full
 * auto may run. Without a sandbox, full auto would run the model's commands with the user's rights
 * and nobody asked first: that needs an explicit choice, not a default.
 */
export function fullAutoRefusal(status: SandboxStatus, settingsFile: string): Result<never> | null {
  if (status.available || status.allowUnsandboxed) return null;
  return fail(
    'sandbox_unavailable',
    `Full auto needs a sandbox, and none works here: ${status.problem ?? 'no sandbox is available.'} ` +
      `Choose auto-edit or suggest (each command then asks first), or opt in to unsandboxed work: ` +
      `"allowUnsandboxed": true in ${settingsFile} (Settings → Sandbox).`,
  );
}

export function buildSandboxPolicy(inputs: PolicyInputs): Result<SandboxPolicy> {
  const { support } = inputs;
  if (!support.available && inputs.approvalMode === 'full-auto') {
    const refusal = fullAutoRefusal(sandboxStatus(support, inputs.allowUnsandboxed), inputs.settingsFile);
    if (refusal) return refusal;
  }
  for (const path of [inputs.worktreePath, inputs.commonGitDir, inputs.dataDir, inputs.home]) {
    if (!isAbsolute(path)) return fail('internal', `The sandbox policy needs absolute paths, not "${path}".`);
  }
  return ok({
    kind: support.available ? support.kind : 'none',
    network: inputs.grants.network,
    writableRoots: [inputs.worktreePath],
    // The worktree's own gitdir (<common>/worktrees/<name>) lies inside the common dir.
    readOnlyPaths: [join(inputs.worktreePath, '.git'), inputs.commonGitDir],
    hiddenPaths: [inputs.dataDir, ...hiddenCredentials(inputs.home, inputs.grants.credentials)],
  });
}

/** Each credential named once, in CREDENTIAL_PATHS order, so equal grants compare equal. */
export function normalizeGrants(grants: SandboxGrants): SandboxGrants {
  const names = Object.keys(CREDENTIAL_PATHS) as CredentialName[];
  return { network: grants.network, credentials: names.filter((name) => grants.credentials.includes(name)) };
}

export function sameGrants(a: SandboxGrants, b: SandboxGrants): boolean {
  const x = normalizeGrants(a);
  const y = normalizeGrants(b);
  return x.network === y.network && x.credentials.join(',') === y.credentials.join(',');
}

/** Every credential path under `home` that was not granted, whether it exists today or not. */
export function hiddenCredentials(home: string, granted: readonly CredentialName[]): string[] {
  return (Object.keys(CREDENTIAL_PATHS) as CredentialName[]).filter((name) => !granted.includes(name)).map((name) => join(home, CREDENTIAL_PATHS[name]));
}

/** `git rev-parse --git-common-dir`, run in the repository (not the worktree, whose .git the agent could have written), made absolute. */
export async function gitCommonDir(repoPath: string): Promise<string> {
  const { stdout } = await runGit(repoPath, ['rev-parse', '--git-common-dir']);
  return resolve(repoPath, stdout.trim());
}
