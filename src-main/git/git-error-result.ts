/**
 * A GitError as the API's error: the kind classified at the chokepoint picks the code, and the
 * message is the hint (what to do) followed by git's own words. Only a failure nothing explains
 * stays `internal`; a locked index, a missing repository or branch, conflicts, files in the way,
 * permissions and cancellation each get a code the client can show and act on.
 */
import { fail, type ErrorCode, type Result } from '../../src-shared/protocol/api';
import { GitError } from './git';
import type { GitErrorKind } from './git-errors';

const CODES: Record<GitErrorKind, ErrorCode> = {
  not_a_repository: 'not_a_git_repo',
  dubious_ownership: 'not_a_git_repo',
  index_locked: 'invalid_state',
  ref_conflict: 'invalid_state',
  merge_conflict: 'merge_conflict',
  would_overwrite: 'worktree_dirty',
  unknown_revision: 'not_found',
  missing_folder: 'path_not_found',
  untrusted_worktree: 'invalid_state',
  permission_denied: 'invalid_state',
  cancelled: 'cancelled',
  failed: 'internal',
};

/** The failed result for a GitError, or null for any other error (a bug, which stays one). */
export function gitFailureResult(error: unknown): Result<never> | null {
  if (!(error instanceof GitError)) return null;
  if (error.kind === 'cancelled') return fail('cancelled', 'Flotilla is stopping, so this was cancelled before it changed anything. Try again after it restarts.');
  return fail(CODES[error.kind], error.message);
}

/** The same handlers, with every GitError they throw answered as its result instead. */
export function answeringGitFailures<H extends Record<string, (params: never) => Promise<Result<unknown>>>>(handlers: H): H {
  const wrapped: Record<string, (params: never) => Promise<Result<unknown>>> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    wrapped[name] = async (params) => {
      try {
        return await handler(params);
      } catch (error) {
        const answer = gitFailureResult(error);
        if (answer) return answer;
        throw error;
      }
    };
  }
  return wrapped as H;
}
