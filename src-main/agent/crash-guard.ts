/**
 * Last words of a dying worker: an uncaught exception or unhandled rejection is reported to the
 * fleet as an `error` event before the process exits 1, so a crash is never silent.
 */
import type { AgentEvent } from '../../src-shared/protocol/agent';
import type { WorkerPort } from './worker-port';

/** The slice of `process` the guard listens on. */
export interface CrashSource {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
}

export interface CrashGuardOptions {
  port: WorkerPort;
  source?: CrashSource;
  exit(code: number): void;
  /** How long the channel may take to deliver the last events. */
  flushTimeoutMs?: number;
}

export function installCrashGuard(options: CrashGuardOptions): void {
  const source = options.source ?? process;
  let crashing = false;
  const crash = (what: string, error: unknown) => {
    if (crashing) return;
    crashing = true;
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    const event: AgentEvent = {
      id: '',
      msg: { type: 'error', code: 'internal', message: `The agent worker crashed (${what}): ${detail}`, willRetry: false },
    };
    try {
      options.port.post(event);
    } finally {
      void exitAfterFlush(options.port, 1, options.exit, options.flushTimeoutMs);
    }
  };
  source.on('uncaughtException', (error) => crash('uncaught exception', error));
  source.on('unhandledRejection', (reason) => crash('unhandled rejection', reason));
}

/** Exits once the port has delivered what was posted, or after a deadline if it never drains. */
export async function exitAfterFlush(
  port: WorkerPort,
  code: number,
  exit: (code: number) => void,
  timeoutMs = 2_000,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    timer.unref();
  });
  await Promise.race([port.flush(), deadline]);
  clearTimeout(timer);
  exit(code);
}
