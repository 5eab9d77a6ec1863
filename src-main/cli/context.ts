/**
 * What a CLI command gets from the process: its streams, environment, where the bundle lives, the
 * fleet factory and the signals. main.ts wires the real ones; tests hand in their own.
 */
import type { FleetOptions, FleetService } from '../fleet/fleet-service';
import type { ProgressStream } from './progress';

export interface SignalWait {
  /** Resolves with the first of the signals that arrives. */
  promise: Promise<NodeJS.Signals>;
  dispose(): void;
}

export interface CliContext {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
  /** Input for commands that read stdin (apply-patch); process.stdin when absent. */
  stdin?: AsyncIterable<string | Buffer>;
  cwd: string;
  /** The directory of the running bundle (dist/main), next to worker.cjs. */
  bundleDir: string;
  pid: number;
  createFleet(options: FleetOptions): Promise<FleetService>;
  waitForSignal(signals: NodeJS.Signals[]): SignalWait;
  /** `--host NAME` on a command that talks to a server: that host's, over SSH (set by runCli). */
  host?: string;
  /** Asks the person at the terminal; absent when stdin is not a terminal (then nothing is asked). */
  ask?(question: string): Promise<string>;
  /** Calls `onGone` once the process that started this one has gone; returns the stop. Absent in tests. */
  whenParentGone?(onGone: () => void): () => void;
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full `--help` text. */
  usage: string;
  /** Resolves with the exit code. Throws UsageError for a mistake in the arguments. */
  run(argv: string[], ctx: CliContext): Promise<number>;
}

/** The real signal source: handlers stay installed only while someone waits. */
export function processSignals(signals: NodeJS.Signals[]): SignalWait {
  let handler: (signal: NodeJS.Signals) => void = () => undefined;
  const dispose = () => {
    for (const signal of signals) process.off(signal, handler);
  };
  const promise = new Promise<NodeJS.Signals>((resolve) => {
    handler = (signal) => {
      dispose();
      // A second Ctrl-C while we clean up means "now": skip the cleanup.
      for (const s of signals) process.once(s, () => process.exit(130));
      resolve(signal);
    };
    for (const signal of signals) process.on(signal, handler);
  });
  return { promise, dispose };
}

/** One line from the terminal, the question on stderr (stdout stays the command's output). */
export async function askAtTerminal(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

const PARENT_POLL_MS = 1000;

/**
 * The real parent watch. A parent that dies without passing its SIGTERM on (the shell npx runs a
 * command in) leaves no signal behind, only a new parent: the orphan is re-parented to init or
 * a subreaper, so process.ppid changes. Polled: Node has no event for it.
 */
export function watchParent(onGone: () => void): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, PARENT_POLL_MS);
  // Never what keeps the process alive.
  timer.unref();
  return () => clearInterval(timer);
}
