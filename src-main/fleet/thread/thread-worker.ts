/**
 * The worker process of one thread, seen from its ThreadHost: started on demand with the
 * conversation so far, stopped quietly when the fleet no longer needs it (discard, or idle after
 * the thread finished), and reported only when it ends on its own (a crash).
 */
import type { AgentEvent, AgentOp, WorkerTerminalMsg } from '../../../src-shared/protocol/agent';
import type { ThreadSummary } from '../../../src-shared/domain/thread';
import type { ConversationItem } from '../../../src-shared/protocol/conversation';
import { NO_GRANTS, type SandboxGrants } from '../../../src-shared/protocol/sandbox';
import type { FleetLogger } from '../logger';
import { sameGrants } from './sandbox-policy';
import type { SpawnWorker } from './spawn-worker';
import { WorkerLink, type WorkerSetup } from './worker-link';

type HistoryAppended = Extract<AgentEvent['msg'], { type: 'history_appended' }>;

/** How long a worker gets to exit after `shutdown` before it is killed. */
export const SHUTDOWN_GRACE_MS = 2_000;

/** How long the worker of a finished thread stays up waiting for a follow-up message. */
export const IDLE_WORKER_GRACE_MS = 60_000;

export interface ThreadWorkerDeps {
  spawnWorker: SpawnWorker;
  workerEntry: string;
  logger: FleetLogger;
  prepareWorker(summary: ThreadSummary): Promise<WorkerSetup>;
  /** Default IDLE_WORKER_GRACE_MS. */
  idleWorkerGraceMs?: number | undefined;
}

export interface ThreadWorkerEvents {
  onEvent(event: AgentEvent): void;
  onTerminal?(msg: WorkerTerminalMsg): void;
  /** The process ended on its own (not stopped by the fleet). */
  onCrash(code: number | null, signal: string | null): void;
  onStartFailed(message: string): void;
}

export class ThreadWorker {
  private link: WorkerLink | null = null;
  /** The conversation as the worker reported it (history_appended), for a new worker to replay. */
  private readonly history: ConversationItem[] = [];
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  /** The grants the running worker's sandbox was built with: its namespaces cannot change. */
  private linkGrants: SandboxGrants | null = null;

  constructor(
    private readonly deps: ThreadWorkerDeps,
    private readonly threadId: string,
    private readonly events: ThreadWorkerEvents,
  ) {}

  get alive(): boolean {
    return this.link?.alive ?? false;
  }

  get pid(): number | undefined {
    return this.link?.alive ? this.link.pid : undefined;
  }

  /** Sends to the running worker; dropped when none runs. */
  send(op: AgentOp): void {
    if (this.link?.alive) this.link.send(op);
  }

  /** Sends to the running worker, starting one (with the full history) when none runs. */
  deliver(op: AgentOp, summary: ThreadSummary): void {
    this.ensure(summary).send(op);
  }

  /** A compaction replaces the conversation; everything else adds to it. */
  addHistory(msg: HistoryAppended): void {
    if (msg.replace) this.history.length = 0;
    this.history.push(...msg.items);
  }

  /**
   * The thread has nothing left for its worker to do: after the grace, if `stillIdle()` then
   * holds, the worker exits. A message or resume later starts a new one with the full history.
   */
  idle(stillIdle: () => boolean): void {
    this.cancelIdle();
    if (!this.link?.alive) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (stillIdle()) void this.stop();
    }, this.deps.idleWorkerGraceMs ?? IDLE_WORKER_GRACE_MS);
    this.idleTimer.unref?.();
  }

  /** Stops the worker without reporting its exit; a later delivery starts a new one. */
  async stop(): Promise<void> {
    this.cancelIdle();
    const link = this.link;
    if (!link) return;
    this.link = null;
    await link.shutdown(SHUTDOWN_GRACE_MS);
    link.dispose();
  }

  /** True when a worker runs with a sandbox built from other grants than `grants`. */
  outdatedFor(grants: SandboxGrants | undefined): boolean {
    return this.link !== null && this.linkGrants !== null && !sameGrants(this.linkGrants, grants ?? NO_GRANTS);
  }

  private cancelIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private ensure(summary: ThreadSummary): WorkerLink {
    this.cancelIdle();
    if (this.link?.alive) return this.link;
    this.link?.dispose();
    this.linkGrants = summary.sandbox ?? NO_GRANTS;
    const link: WorkerLink = new WorkerLink(
      {
        spawnWorker: this.deps.spawnWorker,
        workerEntry: this.deps.workerEntry,
        cwd: summary.worktreePath,
        name: `flotilla-${this.threadId}`,
        logger: this.deps.logger,
        onEvent: (event) => {
          // Before the host sees it: a worker spawned from here on must replay this too.
          if (event.msg.type === 'history_appended') this.addHistory(event.msg);
          this.events.onEvent(event);
        },
        onTerminal: (msg) => this.events.onTerminal?.(msg),
        onExit: (code, signal) => {
          if (this.link === link) this.events.onCrash(code, signal);
        },
        onStartFailed: (message) => {
          if (this.link !== link) return;
          this.link = null;
          this.events.onStartFailed(message);
        },
      },
      this.deps.prepareWorker(summary).then((setup) => this.withHistory(setup)),
    );
    this.link = link;
    return link;
  }

  /** A new worker replays the conversation so far: the thread continues with its full history. */
  private withHistory(setup: WorkerSetup): WorkerSetup {
    if (this.history.length === 0) return setup;
    return { ...setup, config: { ...setup.config, history: [...this.history] } };
  }
}
