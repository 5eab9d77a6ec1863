/**
 * One agent worker process, seen from the fleet: spawned through the spawnWorker seam, configured,
 * fed ops, and listened to. Every message from the worker is validated; a malformed one is logged
 * and dropped, because a buggy worker must not take the fleet down with it.
 */
import {
  AgentEventSchema,
  WorkerTerminalEventSchema,
  type AgentEvent,
  type AgentOp,
  type WorkerConfig,
  type WorkerTerminalMsg,
} from '../../../src-shared/protocol/agent';
import { errorMessage, type FleetLogger } from '../logger';
import type { SpawnWorker, WorkerHandle } from './spawn-worker';

export interface WorkerSetup {
  config: WorkerConfig;
  env: Record<string, string>;
}

export interface WorkerLinkOptions {
  spawnWorker: SpawnWorker;
  workerEntry: string;
  cwd: string;
  name: string;
  logger: FleetLogger;
  onEvent(event: AgentEvent): void;
  /** The agent's terminal (output, shared-shell state), kept out of the event stream. */
  onTerminal?(msg: WorkerTerminalMsg): void;
  /** The process ended, however it ended. Not called after the link failed to start. */
  onExit(code: number | null, signal: string | null): void;
  /** The worker could not be started at all. */
  onStartFailed(message: string): void;
}

/**
 * Created synchronously so callers can queue ops at once; ops wait until the worker is spawned
 * and configured, since preparing its config (demo server, settings) is asynchronous.
 */
export class WorkerLink {
  private handle: WorkerHandle | null = null;
  private buffered: AgentOp[] = [];
  private nextOpId = 1;
  private exited = false;
  private readonly exitPromise: Promise<void>;
  private resolveExit: () => void = () => undefined;
  private readonly disposers: (() => void)[] = [];

  constructor(private readonly options: WorkerLinkOptions, setup: Promise<WorkerSetup>) {
    this.exitPromise = new Promise((resolve) => (this.resolveExit = resolve));
    setup.then(
      (value) => this.start(value),
      (error: unknown) => this.startFailed(errorMessage(error)),
    );
  }

  get pid(): number | undefined {
    return this.handle?.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  send(op: AgentOp): void {
    if (this.exited) return;
    if (!this.handle) this.buffered.push(op);
    else this.handle.send({ id: `op-${this.nextOpId++}`, op });
  }

  /** Asks the worker to shut down, then kills it if it has not exited within `graceMs`. */
  async shutdown(graceMs: number): Promise<void> {
    if (this.exited) return;
    if (!this.handle) {
      // Not spawned yet: simply never spawn it.
      this.exited = true;
      this.resolveExit();
      return;
    }
    this.send({ type: 'shutdown' });
    const timer = setTimeout(() => this.handle?.kill('SIGKILL'), graceMs);
    await this.exitPromise;
    clearTimeout(timer);
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.handle?.kill(signal);
  }

  /** Stops listening. Call once the worker has exited and its last events are in. */
  dispose(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  private start(setup: WorkerSetup): void {
    if (this.exited) return;
    try {
      this.handle = this.options.spawnWorker(this.options.workerEntry, {
        cwd: this.options.cwd,
        env: setup.env,
        name: this.options.name,
      });
    } catch (error) {
      this.startFailed(errorMessage(error));
      return;
    }
    this.disposers.push(this.handle.onMessage((message) => this.receive(message)));
    this.disposers.push(this.handle.onExit((code, signal) => this.finish(code, signal)));
    const queued = [{ type: 'configure', config: setup.config } as const, ...this.buffered];
    this.buffered = [];
    for (const op of queued) this.send(op);
  }

  private receive(message: unknown): void {
    if (isTerminalMessage(message)) return this.receiveTerminal(message);
    const parsed = AgentEventSchema.safeParse(message);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown shape';
      this.options.logger.warn(`Dropped a malformed message from worker ${this.options.name} (${where}).`);
      return;
    }
    this.options.onEvent(parsed.data);
  }

  private receiveTerminal(message: unknown): void {
    const parsed = WorkerTerminalEventSchema.safeParse(message);
    if (parsed.success) this.options.onTerminal?.(parsed.data.msg);
    else this.options.logger.warn(`Dropped a malformed terminal message from worker ${this.options.name}.`);
  }

  private finish(code: number | null, signal: string | null): void {
    if (this.exited) return;
    this.exited = true;
    // The message listener stays: IPC can deliver a worker's last events just after its exit.
    this.resolveExit();
    this.options.onExit(code, signal);
  }

  private startFailed(message: string): void {
    if (this.exited) return;
    this.exited = true;
    this.buffered = [];
    this.resolveExit();
    this.options.onStartFailed(message);
  }
}

function isTerminalMessage(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'terminal';
}
