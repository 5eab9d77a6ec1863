/**
 * The app's implementation of the fleet's SpawnWorker seam: each agent worker runs in an Electron
 * utility process (a Node environment Chromium supervises, like VS Code's pty host). The worker
 * talks over process.parentPort there instead of process.send; this adapter hides the difference
 * from the fleet.
 */
import type { ForkOptions, UtilityProcess } from 'electron';
import { lowerPriority, type SpawnWorker, type WorkerHandle } from '../fleet/thread';

export type UtilityFork = (modulePath: string, args: string[], options: ForkOptions) => UtilityProcess;

/** `fork` is `utilityProcess.fork` in the app; tests hand in a fake. */
export function makeSpawnUtilityWorker(fork: UtilityFork): SpawnWorker {
  return (entry, options) => {
    const child = fork(entry, [`--flotilla-worker=${options.name}`], {
      cwd: options.cwd,
      env: options.env,
      serviceName: `Flotilla agent ${options.name}`,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    return adapt(child);
  };
}

function adapt(child: UtilityProcess): WorkerHandle {
  // Messages sent before the process is up are held, then delivered in order once it spawns.
  let queue: unknown[] | null = [];
  let exited = false;
  child.once('spawn', () => {
    if (child.pid !== undefined) lowerPriority(child.pid);
    const pending = queue ?? [];
    queue = null;
    for (const message of pending) child.postMessage(message);
  });
  child.once('exit', () => {
    exited = true;
    queue = null;
  });
  return {
    get pid() {
      return child.pid;
    },
    send(submission) {
      if (exited) return;
      if (queue) queue.push(submission);
      else child.postMessage(submission);
    },
    onMessage(listener) {
      const onMessage = (message: unknown) => listener(message);
      child.on('message', onMessage);
      return () => child.off('message', onMessage);
    },
    onExit(listener) {
      // A utility process reports only its exit code; a signal death shows up in the code.
      const onExit = (code: number) => listener(code, null);
      child.once('exit', onExit);
      return () => child.off('exit', onExit);
    },
    kill(signal = 'SIGTERM') {
      if (exited) return;
      // kill() always sends SIGTERM (and reaps); other signals go to the pid directly.
      if (signal === 'SIGTERM' || child.pid === undefined) child.kill();
      else killPid(child.pid, signal);
    },
  };
}

function killPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone: the exit event will follow or has fired.
  }
}
