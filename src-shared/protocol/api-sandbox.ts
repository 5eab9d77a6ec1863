/** Client API: what a thread's sandbox allows, and the user's opt-in to unsandboxed work. */
import { z } from 'zod';
import { SandboxGrantsSchema, SandboxStatusSchema } from './sandbox';
import { lazyCommand } from './lazy-command';

export const sandboxCommands = {
  /**
   * The namespaces of a running sandbox cannot change, so new grants apply when the thread's shell
   * next starts: at once for an idle thread (its worker is stopped; the next message starts a new
   * one with the full history), after the current turn for a running one.
   */
  'thread.setSandbox': lazyCommand(() => ({
    params: z.object({ threadId: z.string(), grants: SandboxGrantsSchema }),
    /** True when the thread is running: the new grants apply after its current turn. */
    result: z.object({ appliesAfterTurn: z.boolean() }),
  })),
  /** settings.json `allowUnsandboxed`: where no sandbox works, full auto may still run (with the user's own rights). */
  'settings.setAllowUnsandboxed': lazyCommand(() => ({ params: z.object({ allow: z.boolean() }), result: SandboxStatusSchema })),
} as const;
