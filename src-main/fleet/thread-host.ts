/**
 * One thread: its summary, its event log and the worker process that runs its agent. Agent
 * events become thread events (with a per-thread seq), are appended to the log, and only then
 * published. The host also decides how a user message is delivered: a new turn, a steer into the
 * running turn, or held for the next one.
 */
import { fail, ok, type Result } from '../../src-shared/protocol/api';
import type { AgentEvent } from '../../src-shared/protocol/agent';
import type { DiffStat, ThreadSummary } from '../../src-shared/domain/thread';
import type { ThreadEvent, ThreadEventMsg } from '../../src-shared/protocol/thread-events';
import type { ThreadLogWriter } from './event-log';
import { errorMessage, type FleetLogger } from './logger';
import type { SpawnWorker } from './spawn-worker';
import { isRunningStatus, reduceSummary, replaySummary } from './summary-reducer';
import { WorkerLink, type WorkerSetup } from './worker-link';

/** How long a worker gets to exit after `shutdown` before it is killed. */
export const SHUTDOWN_GRACE_MS = 2_000;

export interface ThreadHostDeps {
  spawnWorker: SpawnWorker;
  workerEntry: string;
  logger: FleetLogger;
  log: ThreadLogWriter;
  /** Called with each event once it is on disk, with the summary after it. */
  publish(event: ThreadEvent, summary: ThreadSummary): void;
  prepareWorker(summary: ThreadSummary): Promise<WorkerSetup>;
  diffStat(summary: ThreadSummary): Promise<DiffStat>;
}

type Empty = Record<string, never>;

export class ThreadHost {
  /** Reduced as events are emitted; drives decisions such as steer-or-new-turn. */
  private live: ThreadSummary;
  /** Reduced as events reach disk; what clients see. */
  private visible: ThreadSummary;
  private link: WorkerLink | null = null;
  private queued: string[] = [];
  private readonly work = new Set<Promise<unknown>>();
  private disposing = false;
  private closed = false;

  private constructor(
    private readonly deps: ThreadHostDeps,
    summary: ThreadSummary,
    private readonly events: ThreadEvent[],
  ) {
    this.live = summary;
    this.visible = summary;
  }

  /** A new thread: logs its creation; call start() to run its first turn. */
  static create(deps: ThreadHostDeps, summary: ThreadSummary): ThreadHost {
    const host = new ThreadHost(deps, { ...summary, lastSeq: 0 }, []);
    host.record({ type: 'thread_created', thread: { ...summary, lastSeq: 1 } });
    return host;
  }

  /** A thread from its log. One that was running when Flotilla stopped comes back interrupted. */
  static restore(deps: ThreadHostDeps, events: ThreadEvent[]): ThreadHost | null {
    const summary = replaySummary(events);
    if (!summary) return null;
    const host = new ThreadHost(deps, summary, [...events]);
    if (isRunningStatus(summary.status)) {
      host.emit({
        type: 'status_changed',
        status: 'interrupted',
        activity: 'Interrupted: Flotilla stopped while this agent was working',
        error: null,
      });
    }
    return host;
  }

  get id(): string {
    return this.live.id;
  }

  get summary(): ThreadSummary {
    return this.visible;
  }

  /** The worker's process id, while one runs. */
  get workerPid(): number | undefined {
    return this.link?.alive ? this.link.pid : undefined;
  }

  /** Resolves once every event emitted so far is on disk and published. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.work]);
  }

  eventsAfter(afterSeq: number): ThreadEvent[] {
    return this.events.filter((event) => event.seq > afterSeq);
  }

  start(prompt: string): void {
    this.startTurn(prompt);
  }

  send(text: string, mode: 'steer' | 'queue'): Result<{ messageId: string }> {
    if (this.disposing) return fail('thread_busy', 'Flotilla is shutting down; this thread cannot take messages now.');
    const link = this.link;
    if (!link?.alive || !isRunningStatus(this.live.status)) {
      this.startTurn(text);
    } else if (mode === 'steer') {
      link.send({ type: 'steer', text });
      this.emit({ type: 'user_message', text, delivery: 'steer' });
    } else {
      this.queued.push(text);
      this.emit({ type: 'user_message', text, delivery: 'queue' });
    }
    return ok({ messageId: `m${this.live.lastSeq}` });
  }

  interrupt(): Result<Empty> {
    if (this.link?.alive && isRunningStatus(this.live.status)) this.link.send({ type: 'interrupt' });
    return ok({});
  }

  /** Shuts the worker down (killing it if it lingers), then flushes the log. */
  async dispose(): Promise<void> {
    if (this.disposing) return;
    this.disposing = true;
    const link = this.link;
    if (link) {
      await link.shutdown(SHUTDOWN_GRACE_MS);
      link.dispose();
    }
    if (isRunningStatus(this.live.status)) {
      this.emit({ type: 'status_changed', status: 'interrupted', activity: 'Stopped: Flotilla closed', error: null });
    }
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
    this.closed = true;
    await this.deps.log.close();
  }

  private startTurn(text: string): void {
    const held = this.queued.splice(0);
    this.emit({ type: 'user_message', text, delivery: 'new_turn' });
    this.ensureLink().send({ type: 'user_input', text: [...held, text].join('\n\n') });
  }

  private ensureLink(): WorkerLink {
    if (this.link?.alive) return this.link;
    this.link?.dispose();
    const link: WorkerLink = new WorkerLink(
      {
        spawnWorker: this.deps.spawnWorker,
        workerEntry: this.deps.workerEntry,
        cwd: this.live.worktreePath,
        name: `flotilla-${this.id}`,
        logger: this.deps.logger,
        onEvent: (event) => this.onAgentEvent(event),
        onExit: (code, signal) => this.onWorkerExit(link, code, signal),
        onStartFailed: (message) => this.onStartFailed(link, message),
      },
      this.deps.prepareWorker(this.live),
    );
    this.link = link;
    return link;
  }

  private onAgentEvent(event: AgentEvent): void {
    this.emit(event.msg);
    if (event.msg.type === 'turn_completed') {
      this.deliverQueued();
      this.refreshDiffStat();
    } else if (event.msg.type === 'turn_aborted') {
      this.refreshDiffStat();
    }
  }

  private deliverQueued(): void {
    if (this.queued.length === 0 || !this.link?.alive || this.disposing) return;
    const text = this.queued.splice(0).join('\n\n');
    this.emit({ type: 'status_changed', status: 'working', activity: 'Sending queued message…', error: null });
    this.link.send({ type: 'user_input', text });
  }

  private onWorkerExit(link: WorkerLink, code: number | null, signal: string | null): void {
    if (this.link !== link || this.disposing) return;
    this.emit({ type: 'worker_exited', code, signal });
  }

  private onStartFailed(link: WorkerLink, message: string): void {
    if (this.link !== link) return;
    this.link = null;
    const error = `Could not start the agent: ${message}`;
    this.emit({ type: 'status_changed', status: 'failed', activity: `Failed: ${error}`, error });
  }

  private refreshDiffStat(): void {
    const job = this.deps.diffStat(this.live).then(
      (diffStat) => this.emit({ type: 'diff_stat', diffStat }),
      (error: unknown) => this.deps.logger.warn(`Could not measure the changes of thread ${this.id}: ${errorMessage(error)}`),
    );
    this.track(job);
  }

  /** Records `msg`, then a status_changed if it moved the thread's status, activity or error. */
  private emit(msg: ThreadEventMsg): void {
    const before = this.live;
    this.record(msg);
    const after = this.live;
    if (msg.type === 'status_changed' || msg.type === 'thread_created') return;
    if (before.status !== after.status || before.activity !== after.activity || before.error !== after.error) {
      this.record({ type: 'status_changed', status: after.status, activity: after.activity, error: after.error });
    }
  }

  private record(msg: ThreadEventMsg): void {
    if (this.closed) return;
    const event: ThreadEvent = { threadId: this.id, seq: this.live.lastSeq + 1, ts: Date.now(), msg };
    this.live = reduceSummary(this.live, event);
    const persisted = this.deps.log
      .append(event)
      .catch((error: unknown) => this.deps.logger.error(`Could not write to ${this.deps.log.path}`, error))
      .then(() => {
        this.events.push(event);
        this.visible = reduceSummary(this.visible, event);
        this.deps.publish(event, this.visible);
      });
    this.track(persisted);
  }

  private track(job: Promise<unknown>): void {
    this.work.add(job);
    const done = (): void => void this.work.delete(job);
    job.then(done, (error: unknown) => {
      done();
      this.deps.logger.error(`Unexpected failure in thread ${this.id}`, error);
    });
  }
}
