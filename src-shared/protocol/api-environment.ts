/** Client API: a thread's worktree environment (flotilla.json's setup, docs/environment.md). */
import { z } from 'zod';
import { TerminalInfoSchema } from './api-terminal';
import { lazyCommand } from './lazy-command';

const Empty = z.object({});

/** How a thread's error begins when its setup failed: the card then offers Retry and Skip. */
export const SETUP_FAILED = 'Setup failed';

export function isSetupFailure(status: string, error: string | null): boolean {
  return status === 'failed' && error !== null && error.startsWith(SETUP_FAILED);
}
const ThreadRef = z.object({ threadId: z.string() });

export const environmentCommands = {
  /** Runs a failed setup again in the thread's shell; the agent starts once it succeeds. */
  'thread.setupRetry': { params: ThreadRef, result: Empty },
  /** Starts the agent without the setup that failed. */
  'thread.setupSkip': { params: ThreadRef, result: Empty },
  /**
   * A finished thread's worktree removed (teardown run; what its branch lacks kept under
   * `keptRef`), its branch and checkpoints kept; the thread shows as archived.
   */
  'thread.archive': lazyCommand(() => ({ params: ThreadRef, result: z.object({ keptRef: z.string().nullable() }) })),
  /** An archived thread's worktree made again from its branch (with what archiving kept); setup runs again. */
  'thread.restore': { params: ThreadRef, result: Empty },
  /** flotilla.json's named `run` commands, as the repository's file says now. */
  'thread.runCommands': lazyCommand(() => ({ params: ThreadRef, result: z.object({ commands: z.array(z.object({ name: z.string(), command: z.string() })) }) })),
  /** Starts one in a terminal of its own in the worktree (the user's, not sandboxed); closing it stops it. */
  'thread.run': lazyCommand(() => ({ params: ThreadRef.extend({ name: z.string().min(1) }), result: TerminalInfoSchema })),
} as const;

export const RUN_COMMANDS = ['thread.runCommands', 'thread.run'] as const;
