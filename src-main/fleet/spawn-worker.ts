/**
 * The one seam through which the fleet starts agent workers: child_process.fork in plain Node,
 * Electron's utilityProcess.fork in the app (src-main/app provides that implementation).
 */
import { fork } from 'node:child_process';
import type { Submission } from '../../src-shared/protocol/agent';

export interface WorkerHandle {
  readonly pid: number | undefined;
  send(submission: Submission): void;
  /** Raw messages from the worker; the caller validates them. Returns a disposer. */
  onMessage(listener: (message: unknown) => void): () => void;
  /** Called once when the process is gone, however it ended. Returns a disposer. */
  onExit(listener: (code: number | null, signal: string | null) => void): () => void;
  kill(signal?: NodeJS.Signals): void;
}

export interface SpawnWorkerOptions {
  cwd: string;
  env: Record<string, string>;
  /** Shown in process listings and logs. */
  name: string;
}

export type SpawnWorker = (entry: string, options: SpawnWorkerOptions) => WorkerHandle;

export const spawnNodeWorker: SpawnWorker = (entry, options) => {
  const child = fork(entry, [`--flotilla-worker=${options.name}`], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'json',
  });
  return {
    get pid() {
      return child.pid;
    },
    send(submission) {
      if (child.connected) child.send(submission);
    },
    onMessage(listener) {
      child.on('message', listener);
      return () => child.off('message', listener);
    },
    onExit(listener) {
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => listener(code, signal);
      child.once('exit', onExit);
      return () => child.off('exit', onExit);
    },
    kill(signal = 'SIGTERM') {
      child.kill(signal);
    },
  };
};
