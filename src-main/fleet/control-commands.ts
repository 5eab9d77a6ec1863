/** Client commands that control running threads: pause, resume, and the queue of held messages. */
import { ok, type Result } from '../../src-shared/protocol/api';
import type { CommandHandlers } from './api-handler';
import type { ThreadHost } from './thread-host';
import type { ThreadRegistry } from './thread-registry';

type ControlCommand =
  | 'thread.pause'
  | 'thread.resume'
  | 'threads.pauseAll'
  | 'threads.resumeAll'
  | 'thread.queue.edit'
  | 'thread.queue.remove';

export function createControlHandlers(
  registry: ThreadRegistry,
  findThread: (threadId: string) => Result<ThreadHost>,
): Pick<CommandHandlers, ControlCommand> {
  const withThread = <T>(threadId: string, act: (host: ThreadHost) => Result<T>): Result<T> => {
    const host = findThread(threadId);
    return host.ok ? act(host.value) : host;
  };
  return {
    'thread.pause': async ({ threadId }) => withThread(threadId, (host) => host.pause()),
    'thread.resume': async ({ threadId }) => withThread(threadId, (host) => host.resume()),
    'threads.pauseAll': async () => ok({ count: forEachThread(registry, ['starting', 'working', 'waiting'], (h) => h.pause()) }),
    // Only what a pause stopped: an interrupted thread from earlier is resumed one by one.
    'threads.resumeAll': async () => ok({ count: forEachThread(registry, ['paused'], (h) => h.resume()) }),
    'thread.queue.edit': async ({ threadId, messageId, text }) => withThread(threadId, (host) => host.editQueued(messageId, text)),
    'thread.queue.remove': async ({ threadId, messageId }) => withThread(threadId, (host) => host.removeQueued(messageId)),
  };
}

/** Applies `act` to every thread in one of `statuses`; returns how many it succeeded for. */
function forEachThread(registry: ThreadRegistry, statuses: readonly string[], act: (host: ThreadHost) => Result<unknown>): number {
  let count = 0;
  for (const summary of registry.list()) {
    const host = registry.get(summary.id);
    if (host && statuses.includes(host.status) && act(host).ok) count += 1;
  }
  return count;
}
