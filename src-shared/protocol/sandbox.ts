/**
 * The sandbox that contains every command an agent runs: its policy (what the fleet sends the
 * worker in `configure`) and the machine's sandbox status (what clients are told in app.info).
 */
import { z } from 'zod';

/** bubblewrap on Linux, sandbox-exec on macOS; 'none' only where the user opted in to unsandboxed work. */
export const SandboxKindSchema = z.enum(['bwrap', 'sandbox-exec', 'none']);
export type SandboxKind = z.infer<typeof SandboxKindSchema>;

/**
 * Credential folders and files under the user's home that are hidden from agents unless the user
 * allows one for a thread. Keys are the names the user allows them by.
 */
export const CREDENTIAL_PATHS = {
  ssh: '.ssh',
  aws: '.aws',
  gh: '.config/gh',
  gcloud: '.config/gcloud',
  azure: '.azure',
  kube: '.kube',
  docker: '.docker',
  gnupg: '.gnupg',
  netrc: '.netrc',
  'git-credentials': '.git-credentials',
  npmrc: '.npmrc',
  pypirc: '.pypirc',
  keyrings: '.local/share/keyrings',
} as const;
export type CredentialName = keyof typeof CREDENTIAL_PATHS;
export const CredentialNameSchema = z.enum(Object.keys(CREDENTIAL_PATHS) as [CredentialName, ...CredentialName[]]);

/** Per thread: what the user allowed past the default policy. */
export const SandboxGrantsSchema = z.object({
  /** Network access for the agent's commands; off by default. */
  network: z.boolean(),
  /** Credential folders this thread may read. */
  credentials: z.array(CredentialNameSchema),
});
export type SandboxGrants = z.infer<typeof SandboxGrantsSchema>;

export const NO_GRANTS: SandboxGrants = { network: false, credentials: [] };

/** What the worker wraps its shell in. Paths are absolute; the fleet computes them. */
export const SandboxPolicySchema = z.object({
  kind: SandboxKindSchema,
  network: z.boolean(),
  /** Writable besides a private /tmp: the worktree. */
  writableRoots: z.array(z.string()),
  /** Kept read-only even inside a writable root: the worktree's .git file, its gitdir, the repository's .git. */
  readOnlyPaths: z.array(z.string()),
  /** Not visible at all: Flotilla's data dir (but the worktree), credential folders not granted. */
  hiddenPaths: z.array(z.string()),
});
export type SandboxPolicy = z.infer<typeof SandboxPolicySchema>;

/** What this machine offers, for the UI, `run` and `serve` to say plainly. */
export const SandboxStatusSchema = z.object({
  /** The mechanism agents run in here; 'none' when nothing works. */
  kind: SandboxKindSchema,
  available: z.boolean(),
  /** Why no sandbox works, with what to do about it; null when one works. */
  problem: z.string().nullable(),
  /** The user opted in to unsandboxed work (settings.json `allowUnsandboxed`). */
  allowUnsandboxed: z.boolean(),
});
export type SandboxStatus = z.infer<typeof SandboxStatusSchema>;
