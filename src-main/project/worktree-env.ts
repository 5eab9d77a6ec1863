/**
 * The variables a worktree's scripts and its agent's shell see (docs/environment.md), so a setup
 * script can reach the main checkout and a dev server can take its own port.
 */
import type { PortBlock } from './port-blocks';

export interface WorktreeIdentity {
  /** The repository's main checkout. */
  repoRoot: string;
  worktree: string;
  threadId: string;
  ports: PortBlock | null;
}

export function worktreeEnvVars({ repoRoot, worktree, threadId, ports }: WorktreeIdentity): Record<string, string> {
  return {
    FLOTILLA_ROOT: repoRoot,
    FLOTILLA_WORKTREE: worktree,
    FLOTILLA_THREAD: threadId,
    ...(ports ? { FLOTILLA_PORT: String(ports.first), FLOTILLA_PORT_COUNT: String(ports.size) } : {}),
  };
}
