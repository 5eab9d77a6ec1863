/** Client commands that control running threads: pause, resume, and the queue of held messages. */
import { ok, type Result } from '../../../src-shared/protocol/api';
import type { CommandHandlers } from './api-handler';
import { interruptedByFlotilla } from '../thread';
import type { ThreadHost } from '../thread';
import type { ThreadRegistry } from '../thread';

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
    'threads.pauseAll': async () => ok({ count: forEachThread(registry, (h) => PAUSABLE_ALL.includes(h.status), (h) => h.pause()) }),
    // What a pause stopped, and what Flotilla itself stopped (closed, or crashed and restarted);
    // a thread the user interrupted by hand stays stopped and is resumed one by one.
    'threads.resumeAll': async () => ok({ count: forEachThread(registry, resumableByAll, (h) => h.resume()) }),
    'thread.queue.edit': async ({ threadId, messageId, text }) => withThread(threadId, (host) => host.editQueued(messageId, text)),
    'thread.queue.remove': async ({ threadId, messageId }) => withThread(threadId, (host) => host.removeQueued(messageId)),
  };
}

const PAUSABLE_ALL: readonly string[] = ['starting', 'working', 'waiting'];

function resumableByAll(host: ThreadHost): boolean {
  return host.status === 'paused' || interruptedByFlotilla({ status: host.status, activity: host.summary.activity });
}

/** Applies `act` to every thread `chosen` picks; returns how many it succeeded for. */
function forEachThread(registry: ThreadRegistry, chosen: (host: ThreadHost) => boolean, act: (host: ThreadHost) => Result<unknown>): number {
  let count = 0;
  for (const summary of registry.list()) {
    const host = registry.get(summary.id);
    if (host && chosen(host) && act(host).ok) count += 1;
  }
  return count;
}
