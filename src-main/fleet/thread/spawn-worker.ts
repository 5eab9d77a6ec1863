/**
 * The one seam through which the fleet starts agent workers: child_process.fork in plain Node,
 * Electron's utilityProcess.fork in the app (src-main/app provides that implementation).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import type { Submission } from '../../../src-shared/protocol/agent';

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

type ExitListener = (code: number | null, signal: string | null) => void;

/** One exit report per process, also to listeners that arrive after it ended. */
function watchExit(child: ChildProcess): (listener: ExitListener) => () => void {
  let exit: { code: number | null; signal: string | null } | null = null;
  const listeners = new Set<ExitListener>();
  const finish = (code: number | null, signal: string | null): void => {
    if (exit) return;
    exit = { code, signal };
    for (const listener of [...listeners]) listener(code, signal);
    listeners.clear();
  };
  child.once('exit', finish);
  // A failed spawn (missing cwd or entry) emits 'error' and never 'exit'. Without a listener the
  // error would also crash the whole fleet. Later errors (a send racing the exit) end in 'exit'.
  child.on('error', () => {
    if (child.pid === undefined) finish(null, null);
  });
  return (listener) => {
    if (exit) {
      const ended = exit;
      queueMicrotask(() => listener(ended.code, ended.signal));
      return () => undefined;
    }
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
}

export const spawnNodeWorker: SpawnWorker = (entry, options) => {
  const child = fork(entry, [`--flotilla-worker=${options.name}`], {
    cwd: options.cwd,
    env: options.env,
    // A worker's stdout goes to our stderr: the CLI's stdout carries `run --json` output only.
    stdio: ['ignore', 2, 2, 'ipc'],
    serialization: 'json',
  });
  if (child.pid !== undefined) lowerPriority(child.pid);
  const onExit = watchExit(child);
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
    onExit,
    kill(signal = 'SIGTERM') {
      child.kill(signal);
    },
  };
};

/**
 * Agents are background work: a worker, and the shell and commands it starts (which inherit it),
 * runs at a lower CPU priority than the fleet and the UI, so on a machine with fewer cores than
 * busy agents the user's clicks and keys still come first. With idle cores it changes nothing.
 * FLOTILLA_WORKER_NICENESS overrides it (0: agents at normal priority).
 */
export const WORKER_NICENESS = 10;

export function lowerPriority(pid: number, env: NodeJS.ProcessEnv = process.env): void {
  const override = Number(env.FLOTILLA_WORKER_NICENESS);
  const niceness = env.FLOTILLA_WORKER_NICENESS !== undefined && Number.isInteger(override) ? Math.min(19, Math.max(0, override)) : WORKER_NICENESS;
  if (niceness === 0) return;
  try {
    // Relative to the fleet's own priority, as `nice` does.
    setPriority(pid, Math.min(19, getPriority() + niceness));
  } catch {
    // Not permitted here, or the process is already gone: it runs at normal priority.
  }
}
