/**
 * The worker's side of the fleet channel. Under Electron's utilityProcess, messages come through
 * `process.parentPort`; under child_process.fork, through `process.on('message')` and
 * `process.send`. This is the only file in the worker that touches either.
 */
import type { AgentEvent, WorkerTerminalEvent } from '../../src-shared/protocol/agent';

export interface WorkerPort {
  /** Raw messages from the fleet; the caller validates them. Returns a disposer. */
  onMessage(listener: (message: unknown) => void): () => void;
  /** Called when the fleet side of the channel goes away. Returns a disposer. */
  onDisconnect(listener: () => void): () => void;
  post(event: AgentEvent | WorkerTerminalEvent): void;
  /** Resolves once every posted event has been handed to the channel, so exiting loses none. */
  flush(): Promise<void>;
}

/** The slice of Electron's ParentPort the worker uses; declared here so no electron import is needed. */
interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  off(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

type WorkerProcess = NodeJS.Process & { parentPort?: ParentPortLike };

export function createProcessPort(proc: WorkerProcess = process): WorkerPort {
  if (proc.parentPort) return parentPortPort(proc.parentPort);
  if (proc.send) return forkPort(proc);
  throw new Error('The agent worker must be started by the fleet (no IPC channel found).');
}

function parentPortPort(parentPort: ParentPortLike): WorkerPort {
  return {
    onMessage(listener) {
      const onMessage = (event: { data: unknown }) => listener(event.data);
      parentPort.on('message', onMessage);
      return () => parentPort.off('message', onMessage);
    },
    // Electron ends a utility process with its parent; there is no disconnect to observe.
    onDisconnect: () => () => undefined,
    post: (event) => parentPort.postMessage(event),
    // postMessage hands the message over synchronously.
    flush: () => Promise.resolve(),
  };
}

function forkPort(proc: WorkerProcess): WorkerPort {
  let pending = 0;
  let drained: Array<() => void> = [];
  const settle = () => {
    pending -= 1;
    if (pending > 0) return;
    const waiters = drained;
    drained = [];
    for (const wake of waiters) wake();
  };
  return {
    onMessage(listener) {
      proc.on('message', listener);
      return () => proc.off('message', listener);
    },
    onDisconnect(listener) {
      proc.on('disconnect', listener);
      return () => proc.off('disconnect', listener);
    },
    post(event) {
      if (!proc.connected || !proc.send) return;
      pending += 1;
      proc.send(event, undefined, undefined, settle);
    },
    flush() {
      if (pending === 0) return Promise.resolve();
      return new Promise((resolve) => drained.push(resolve));
    },
  };
}
