/**
 * One thread: its summary, its event log and the worker process that runs its agent. Agent
 * events become thread events (with a per-thread seq), are appended to the log, and only then
 * published. The host also decides how a user message is delivered: a new turn, a steer into the
 * running turn, or held for the next one.
 */
import { fail, ok, type Result } from '../../src-shared/protocol/api';
import type { AgentEvent, ApprovalDecision, ApprovalMode } from '../../src-shared/protocol/agent';
import type { DiffStat, ThreadSummary } from '../../src-shared/domain/thread';
import type { Checkpoint } from '../../src-shared/protocol/api-review';
import type { SandboxGrants } from '../../src-shared/protocol/sandbox';
import type { ThreadEvent, ThreadEventMsg } from '../../src-shared/protocol/thread-events';
import type { ThreadLogWriter } from './event-log';
import { newMessageId } from './ids';
import { errorMessage, type FleetLogger } from './logger';
import type { SpawnWorker } from './spawn-worker';
import { isRunningStatus, reduceSummary, replaySummary } from './summary-reducer';
import { lastTurnSummary, ReviewTracker } from './review-tracker';
import { sameGrants } from './sandbox-policy';
import { WorkerLink, type WorkerSetup } from './worker-link';

/** What a resumed thread is told; the loop adds its own note when the last turn was interrupted. */
export const RESUME_TEXT = 'Continue where you left off.';

/** Statuses whose turn is live in the worker and can be paused. */
const PAUSABLE = new Set(['starting', 'working', 'waiting']);

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
  /** Snapshots the worktree after a turn (issue 5); absent in tests that do not need it. */
  checkpoint?(summary: ThreadSummary, turn: number): Promise<Checkpoint>;
  /** Removes known secrets from each message before it is logged or published (redaction/). */
  redact?(threadId: string, msg: ThreadEventMsg): ThreadEventMsg;
}

type Empty = Record<string, never>;

export class ThreadHost {
  /** Reduced as events are emitted; drives decisions such as steer-or-new-turn. */
  private live: ThreadSummary;
  /** Reduced as events reach disk; what clients see. */
  private visible: ThreadSummary;
  private link: WorkerLink | null = null;
  /** The grants the current worker's sandbox was built with: a change waits for a new worker. */
  private linkGrants: SandboxGrants | null = null;
  /** The conversation as the worker reported it (history_appended), for a new worker to replay. */
  private readonly history: unknown[] = [];
  /** The worker was told to pause and not yet to resume. */
  private paused = false;
  private readonly work = new Set<Promise<unknown>>();
  private disposing = false;
  private closed = false;
  private readonly review: ReviewTracker;

  private constructor(
    private readonly deps: ThreadHostDeps,
    summary: ThreadSummary,
    private readonly events: ThreadEvent[],
  ) {
    this.live = summary;
    this.visible = summary;
    this.review = new ReviewTracker(events, {
      checkpoint: async (turn) => {
        const saved = await this.deps.checkpoint?.(this.live, turn);
        if (saved) this.emit({ type: 'checkpoint', turn, ref: saved.ref, commit: saved.commit });
      },
      refreshDiffStat: () => this.refreshDiffStat(),
      track: (job) => this.track(job),
      warn: (message) => this.deps.logger.warn(`Thread ${this.id}: ${message}`),
    });
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
    // The conversation is for workers only: clients never see it in thread.events.
    const host = new ThreadHost(deps, summary, events.filter((event) => event.msg.type !== 'history_appended'));
    for (const event of events) if (event.msg.type === 'history_appended') host.addHistory(event.msg);
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

  /** The status as of the last event emitted, which clients may not have seen yet. */
  get status(): ThreadSummary['status'] {
    return this.live.status;
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
    this.startTurn(prompt, newMessageId());
  }

  send(text: string, mode: 'steer' | 'queue'): Result<{ messageId: string }> {
    if (this.disposing) return fail('thread_busy', 'Flotilla is shutting down; this thread cannot take messages now.');
    const link = this.link;
    const messageId = newMessageId();
    if (!link?.alive || !isRunningStatus(this.live.status)) {
      this.startTurn(text, messageId);
    } else if (mode === 'steer') {
      this.emit({ type: 'user_message', text, delivery: 'steer', messageId });
      link.send({ type: 'steer', text, messageId });
    } else {
      this.emit({ type: 'user_message', text, delivery: 'queue', messageId });
      this.emit({ type: 'message_state', messageId, state: 'queued', text });
    }
    return ok({ messageId });
  }

  /** Holds the loop before its next model request and stops the running command. */
  pause(): Result<Empty> {
    if (this.live.status === 'paused') return ok({});
    if (!this.link?.alive || !PAUSABLE.has(this.live.status)) {
      return fail('invalid_state', `Thread ${this.id} is ${this.live.status}; only a running thread can be paused.`);
    }
    this.paused = true;
    this.link.send({ type: 'pause' });
    this.emit({ type: 'status_changed', status: 'paused', activity: 'Paused', error: null });
    return ok({});
  }

  /**
   * A paused thread continues where it stopped. An interrupted or failed one (also after a crash
   * or a restart) starts a turn that continues its work with its full history; a finished one
   * with queued messages gets them.
   */
  resume(): Result<Empty> {
    if (this.disposing) return fail('thread_busy', 'Flotilla is shutting down; resume this thread after it restarts.');
    const status = this.live.status;
    if (status === 'paused' && this.link?.alive) {
      this.paused = false;
      this.link.send({ type: 'resume' });
      this.emit({ type: 'status_changed', status: 'working', activity: 'Resumed', error: null });
      return ok({});
    }
    if (isRunningStatus(status) && status !== 'paused') return ok({});
    if (status === 'interrupted' || status === 'failed' || status === 'paused') {
      this.startTurn(RESUME_TEXT, newMessageId());
      return ok({});
    }
    if (this.live.queue.length > 0) {
      this.deliverQueued();
      return ok({});
    }
    return fail('invalid_state', `Thread ${this.id} is ${status}; send it a message to start a new turn.`);
  }

  editQueued(messageId: string, text: string): Result<Empty> {
    if (!this.live.queue.some((m) => m.id === messageId)) return notQueued(this.id, messageId);
    this.emit({ type: 'message_state', messageId, state: 'edited', text });
    return ok({});
  }

  removeQueued(messageId: string): Result<Empty> {
    const message = this.live.queue.find((m) => m.id === messageId);
    if (!message) return notQueued(this.id, messageId);
    this.emit({ type: 'message_state', messageId, state: 'dropped', text: message.text });
    return ok({});
  }

  interrupt(): Result<Empty> {
    if (this.link?.alive && isRunningStatus(this.live.status)) this.link.send({ type: 'interrupt' });
    return ok({});
  }

  /** Answers the open approval request; the worker's approval_resolved records the outcome. */
  approve(requestId: string, decision: ApprovalDecision): Result<Empty> {
    const pending = this.live.pendingApproval;
    if (!pending || pending.requestId !== requestId || !this.link?.alive) {
      const open = pending ? ` The open request is ${pending.requestId}.` : ' This thread has no open request.';
      return fail('invalid_state', `Approval request ${requestId} is not waiting for an answer (already answered, or its turn ended).${open}`);
    }
    this.link.send({ type: 'approval_decision', requestId, decision });
    return ok({});
  }

  /** Applies from the agent's next tool call; a worker started later is configured with it. */
  setApprovalMode(mode: ApprovalMode): Result<Empty> {
    if (mode === this.live.approvalMode) return ok({});
    this.emit({ type: 'approval_mode_changed', mode });
    if (this.link?.alive) this.link.send({ type: 'set_approval_mode', mode });
    return ok({});
  }

  /**
   * A sandbox's namespaces are fixed when its shell starts, so new grants need a new worker: an
   * idle thread's worker stops now (the next message starts one with the full history); a running
   * thread's stops when its turn ends.
   */
  setSandbox(grants: SandboxGrants): Result<{ appliesAfterTurn: boolean }> {
    if (this.disposing) return fail('thread_busy', 'Flotilla is shutting down; change the sandbox after it restarts.');
    if (!sameGrants(grants, this.live.sandbox)) this.emit({ type: 'sandbox_changed', grants });
    const appliesAfterTurn = isRunningStatus(this.live.status) && this.link?.alive === true;
    if (!appliesAfterTurn) this.restartForSandbox();
    return ok({ appliesAfterTurn });
  }

  /** Shuts the worker down (killing it if it lingers), then flushes the log. */
  async dispose(): Promise<void> {
    if (this.disposing) return;
    this.disposing = true;
    this.review.dispose();
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

  /** Re-measures the files-changed count after the fleet itself changed the worktree. */
  refreshChanges(): void {
    this.refreshDiffStat();
  }

  /** Stops an idle thread's worker before its worktree is removed; a later message starts a new one. */
  async stopWorker(): Promise<void> {
    const link = this.link;
    if (!link) return;
    this.link = null;
    await link.shutdown(SHUTDOWN_GRACE_MS);
    link.dispose();
  }

  setMergeState(mergeState: ThreadSummary['mergeState']): void {
    this.emit({ type: 'merge_state', mergeState });
  }

  /** The agent's summary of its latest finished turn, for commit messages. */
  lastTurnSummary(): string | null {
    return lastTurnSummary(this.events);
  }

  /** Queued messages go out first, each as its own user message of the new turn. */
  private startTurn(text: string, messageId: string): void {
    const held = this.takeQueue();
    this.emit({ type: 'user_message', text, delivery: 'new_turn', messageId });
    this.ensureLink().send({ type: 'user_input', text, messageId, held });
  }

  /** Marks every queued message delivered and returns them, oldest first. */
  private takeQueue(): { messageId: string; text: string }[] {
    const queue = this.live.queue;
    for (const m of queue) this.emit({ type: 'message_state', messageId: m.id, state: 'delivered', text: m.text });
    return queue.map((m) => ({ messageId: m.id, text: m.text }));
  }

  /** Stops a worker whose sandbox no longer matches the thread's grants; the next turn starts a new one. */
  private restartForSandbox(): void {
    if (this.disposing || !this.link || this.linkGrants === null || sameGrants(this.linkGrants, this.live.sandbox)) return;
    this.linkGrants = null;
    this.track(this.stopWorker());
  }

  private ensureLink(): WorkerLink {
    if (this.link?.alive) return this.link;
    this.link?.dispose();
    this.linkGrants = this.live.sandbox;
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
      this.deps.prepareWorker(this.live).then((setup) => this.withHistory(setup)),
    );
    this.link = link;
    return link;
  }

  /** A compaction replaces the conversation; everything else adds to it. */
  private addHistory(msg: { items: unknown[]; replace?: boolean }): void {
    if (msg.replace) this.history.length = 0;
    this.history.push(...msg.items);
  }

  /** A new worker replays the conversation so far: the thread continues with its full history. */
  private withHistory(setup: WorkerSetup): WorkerSetup {
    if (this.history.length === 0) return setup;
    return { ...setup, config: { ...setup.config, history: [...this.history] } };
  }

  private onAgentEvent(event: AgentEvent): void {
    const msg = event.msg;
    // Before the emit: a worker spawned from here on must replay this too.
    if (msg.type === 'history_appended') this.addHistory(msg);
    this.emit(msg);
    this.review.onAgentMsg(msg);
    if (msg.type !== 'turn_completed' && msg.type !== 'turn_aborted') return;
    const wasPaused = this.paused;
    // The turn ended while paused: the thread is finished, so the worker's pause is lifted and
    // queued messages wait for the user (resume, or a new message) instead of going out now.
    if (wasPaused) {
      this.paused = false;
      this.link?.send({ type: 'resume' });
    }
    // Before queued messages go out, so they reach a worker with the sandbox the user chose.
    this.restartForSandbox();
    if (msg.type === 'turn_completed' && !wasPaused) this.deliverQueued();
    this.refreshDiffStat();
  }

  private deliverQueued(): void {
    if (this.live.queue.length === 0 || this.disposing) return;
    const held = this.takeQueue();
    const last = held.pop();
    if (!last) return;
    this.emit({ type: 'status_changed', status: 'working', activity: 'Sending queued message…', error: null });
    this.ensureLink().send({ type: 'user_input', text: last.text, messageId: last.messageId, held });
  }

  private onWorkerExit(link: WorkerLink, code: number | null, signal: string | null): void {
    if (this.link !== link || this.disposing) return;
    this.paused = false;
    this.emit({ type: 'worker_exited', code, signal });
  }

  private onStartFailed(link: WorkerLink, message: string): void {
    if (this.link !== link) return;
    this.link = null;
    const error = `Could not start the agent: ${message}`;
    this.emit({ type: 'status_changed', status: 'failed', activity: `Failed: ${error}`, error });
  }

  private refreshDiffStat(): void {
    // After the turn's checkpoint, so a thread showing its files-changed count has its checkpoint too.
    const job = this.review.checkpointed().then(() => this.deps.diffStat(this.live)).then(
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
    msg = this.deps.redact?.(this.id, msg) ?? msg;
    const event: ThreadEvent = { threadId: this.id, seq: this.live.lastSeq + 1, ts: Date.now(), msg };
    this.live = reduceSummary(this.live, event);
    const persisted = this.deps.log
      .append(event)
      .catch((error: unknown) => this.deps.logger.error(`Could not write to ${this.deps.log.path}`, error))
      .then(() => {
        this.visible = reduceSummary(this.visible, event);
        // The conversation is for workers: on disk, never in a client's batch or thread.events.
        if (msg.type === 'history_appended') return;
        this.events.push(event);
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

function notQueued(threadId: string, messageId: string): Result<Empty> {
  return fail('not_found', `Message ${messageId} is not queued in thread ${threadId}: it was delivered or dropped already.`);
}
