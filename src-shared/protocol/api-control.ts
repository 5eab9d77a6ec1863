/** Client API: control of running threads (pause, resume, queued messages). */
import { z } from 'zod';
import { lazyCommand } from './lazy-command';

const Empty = z.object({});
const ThreadRef = z.object({ threadId: z.string() });
const MessageRef = z.object({ threadId: z.string(), messageId: z.string() });

export const controlCommands = {
  /** Holds the loop before its next model request and stops the running command (SIGSTOP). */
  'thread.pause': { params: ThreadRef, result: Empty },
  /** A paused thread continues (SIGCONT); an interrupted or failed one continues with its full history. */
  'thread.resume': { params: ThreadRef, result: Empty },
  'threads.pauseAll': lazyCommand(() => ({ params: Empty, result: z.object({ count: z.number().int() }) })),
  'threads.resumeAll': lazyCommand(() => ({ params: Empty, result: z.object({ count: z.number().int() }) })),
  /** Queued messages can be edited or removed until they are delivered. */
  'thread.queue.edit': lazyCommand(() => ({ params: MessageRef.extend({ text: z.string().min(1) }), result: Empty })),
  'thread.queue.remove': { params: MessageRef, result: Empty },
} as const;
