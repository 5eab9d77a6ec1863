/**
 * One thread: its summary, its event log and the worker process that runs its agent, and the
 * control of it (pause, resume, interrupt, approvals, discard). Three parts do the work:
 * ThreadJournal numbers, logs and publishes its events; ThreadWorker starts and stops its worker
 * process; ThreadMessages delivers user messages (new turn, steer, or queued for the next).
 */
import { fail, ok, type Result } from '../../../src-shared/protocol/api';
import type { AgentEvent, AgentOp, ApprovalDecision, ApprovalMode, WorkerTerminalMsg } from '../../../src-shared/protocol/agent';
import type { DiffStat, ThreadSummary } from '../../../src-shared/domain/thread';
import type { Checkpoint } from '../../../src-shared/protocol/api-review';
import { sameGrants } from './sandbox-policy';
import type { SandboxGrants } from '../../../src-shared/protocol/sandbox';
import type { ThreadEvent, ThreadEventMsg } from '../../../src-shared/protocol/thread-events';
import { newMessageId } from '../ids';
import { errorMessage } from '../logger';
import { isRunningStatus, replaySummary } from './summary-reducer';
import type { EventPage } from './client-events';
import { ThreadJournal, type ThreadJournalDeps } from './thread-journal';
import { ThreadMessages } from './thread-messages';
import { lastTurnSummary, ReviewTracker } from './review-tracker';
import { RESTART_ACTIVITY, SHUTDOWN_ACTIVITY } from './restart-interruption';
import { ThreadWorker, type ThreadWorkerDeps } from './thread-worker';
import { ThreadWorktree } from './thread-worktree';

/** What a resumed thread is told; the loop adds its own note when the last turn was interrupted. */
export const RESUME_TEXT = 'Continue where you left off.';

/** Statuses whose turn is live in the worker and can be paused. */
const PAUSABLE = new Set(['starting', 'working', 'waiting']);

export interface ThreadHostDeps extends ThreadWorkerDeps, ThreadJournalDeps {
  diffStat(summary: ThreadSummary): Promise<DiffStat>;
  /** Snapshots the worktree after a turn (issue 5); absent in tests that do not need it. */
  checkpoint?(summary: ThreadSummary, turn: number): Promise<Checkpoint>;
  /** The agent's terminal output and state, for the fleet's terminals (never in the thread's log). */
  onTerminal?(threadId: string, msg: WorkerTerminalMsg): void;
  /** The thread's live status moved (the fleet's agent slots count running threads by it). */
  onStatusChanged?(threadId: string, status: ThreadSummary['status']): void;
}

type TerminalOp = Extract<AgentOp, { type: 'terminal_input' | 'terminal_resize' | 'terminal_flow' }>;

type Empty = Record<string, never>;

/** Whether the thread's worktree is being removed (discarded, or archived): from the decision until it is done. */
type DiscardState = 'none' | 'discarding' | 'archiving' | 'discarded';

/** Ends a discard begun with beginDiscard: `removed` says whether the worktree is gone. */
export type EndDiscard = (removed: boolean) => void;

export class ThreadHost {
  private readonly journal: ThreadJournal;
  private readonly worker: ThreadWorker;
  /** The worker was told to pause and not yet to resume. */
  private paused = false;
  private discard: DiscardState = 'none';
  private disposing = false;
  private readonly review: ReviewTracker;
  private readonly messages: ThreadMessages;
  /** A terminal view of the agent's shell is open: its worker stays up while the thread is idle. */
  private terminalHeld = false;
  /** The worktree's life apart from the agent: setup, the shell's readers, merge, size, archive. */
  readonly worktree: ThreadWorktree;

  private constructor(
    private readonly deps: ThreadHostDeps,
    summary: ThreadSummary,
    events: ThreadEvent[],
  ) {
    this.journal = new ThreadJournal(deps, summary, events);
    this.worktree = new ThreadWorktree({
      emit: (msg) => this.emit(msg),
      live: () => this.live,
      typeIntoShell: (data) => this.worker.deliver({ type: 'terminal_input', data }, this.live),
      diffStat: (s) => deps.diffStat(s),
    });
    this.worker = new ThreadWorker(deps, summary.id, {
      onEvent: (event) => this.onAgentEvent(event),
      onTerminal: (msg) => {
        deps.onTerminal?.(summary.id, msg);
        this.worktree.onTerminal(msg);
      },
      onCrash: (code, signal) => this.onWorkerCrash(code, signal),
      onStartFailed: (message) => this.onStartFailed(message),
    });
    this.messages = new ThreadMessages(this.journal, this.worker);
    this.review = new ReviewTracker(events, {
      checkpoint: async (turn) => {
        const saved = await this.deps.checkpoint?.(this.live, turn);
        if (saved) this.emit({ type: 'checkpoint', turn, ref: saved.ref, commit: saved.commit });
      },
      refreshDiffStat: () => this.refreshDiffStat(),
      track: (job) => this.journal.track(job),
      warn: (message) => this.deps.logger.warn(`Thread ${this.id}: ${message}`),
    });
  }

  /** A new thread: logs its creation; call start() to run its first turn. */
  static create(deps: ThreadHostDeps, summary: ThreadSummary): ThreadHost {
    const host = new ThreadHost(deps, { ...summary, lastSeq: 0 }, []);
    host.journal.record({ type: 'thread_created', thread: { ...summary, lastSeq: 1 } });
    return host;
  }

  /**
   * A thread from its log. One that was running when Flotilla stopped comes back interrupted.
   * `lastSeq` is the highest seq the log ever held (skipped lines included): new events go above it.
   */
  static restore(deps: ThreadHostDeps, events: ThreadEvent[], lastSeq = 0): ThreadHost | null {
    const replayed = replaySummary(events);
    if (!replayed) return null;
    const summary = { ...replayed, lastSeq: Math.max(replayed.lastSeq, lastSeq) };
    // The conversation is for workers only: clients never see it in thread.events.
    const host = new ThreadHost(deps, summary, events.filter((event) => event.msg.type !== 'history_appended'));
    for (const event of events) if (event.msg.type === 'history_appended') host.worker.addHistory(event.msg);
    if (isRunningStatus(summary.status)) {
      host.emit({ type: 'status_changed', status: 'interrupted', activity: RESTART_ACTIVITY, error: null });
    }
    return host;
  }

  get id(): string {
    return this.live.id;
  }

  get summary(): ThreadSummary {
    return this.journal.published;
  }

  /** As of the last event emitted, which clients may not have seen yet. */
  private get live(): ThreadSummary {
    return this.journal.live;
  }

  /** The status as of the last event emitted, which clients may not have seen yet. */
  get status(): ThreadSummary['status'] {
    return this.live.status;
  }

  /** The worker's process id, while one runs. */
  get workerPid(): number | undefined {
    return this.worker.pid;
  }

  /** Resolves once every event emitted so far is on disk and published. */
  async settled(): Promise<void> {
    await this.journal.settled();
  }

  /** A page of the events clients may see, after `afterSeq`. */
  eventsAfter(afterSeq: number, limit: number): EventPage {
    return this.journal.eventsAfter(afterSeq, limit);
  }

  start(prompt: string): void {
    this.messages.startTurn(prompt, newMessageId());
  }

  send(text: string, mode: 'steer' | 'queue'): Result<{ messageId: string }> {
    const refused = this.refusal('take messages');
    if (refused) return refused;
    const messageId = newMessageId();
    this.messages.send(text, mode, messageId, this.worker.alive && isRunningStatus(this.live.status));
    return ok({ messageId });
  }

  /** Holds the loop before its next model request and stops the running command. */
  pause(): Result<Empty> {
    if (this.live.status === 'paused') return ok({});
    if (!this.worker.alive || !PAUSABLE.has(this.live.status)) {
      return fail('invalid_state', `Thread ${this.id} is ${this.live.status}; only a running thread can be paused.`);
    }
    this.paused = true;
    this.worker.send({ type: 'pause' });
    this.emit({ type: 'status_changed', status: 'paused', activity: 'Paused', error: null });
    return ok({});
  }

  /**
   * A paused thread continues where it stopped. An interrupted or failed one (also after a crash
   * or a restart) starts a turn that continues its work with its full history; a finished one
   * with queued messages gets them.
   */
  resume(): Result<Empty> {
    const refused = this.refusal('be resumed');
    if (refused) return refused;
    const status = this.live.status;
    if (status === 'paused' && this.worker.alive) {
      this.paused = false;
      this.worker.send({ type: 'resume' });
      this.emit({ type: 'status_changed', status: 'working', activity: 'Resumed', error: null });
      return ok({});
    }
    if (isRunningStatus(status) && status !== 'paused') return ok({});
    if (status === 'interrupted' || status === 'failed' || status === 'paused') {
      this.messages.startTurn(RESUME_TEXT, newMessageId());
      return ok({});
    }
    if (this.messages.hasQueued) {
      this.messages.deliverQueued();
      return ok({});
    }
    return fail('invalid_state', `Thread ${this.id} is ${status}; send it a message to start a new turn.`);
  }

  editQueued(messageId: string, text: string): Result<Empty> {
    return this.messages.edit(messageId, text);
  }

  removeQueued(messageId: string): Result<Empty> {
    return this.messages.remove(messageId);
  }

  interrupt(): Result<Empty> {
    if (this.worktree.abortSetup()) return ok({});
    if (this.worker.alive && isRunningStatus(this.live.status)) this.worker.send({ type: 'interrupt' });
    return ok({});
  }

  /** Answers the open approval request; the worker's approval_resolved records the outcome. */
  approve(requestId: string, decision: ApprovalDecision): Result<Empty> {
    const pending = this.live.pendingApproval;
    if (!pending || pending.requestId !== requestId || !this.worker.alive) {
      const open = pending ? ` The open request is ${pending.requestId}.` : ' This thread has no open request.';
      return fail('invalid_state', `Approval request ${requestId} is not waiting for an answer (already answered, or its turn ended).${open}`);
    }
    this.worker.send({ type: 'approval_decision', requestId, decision });
    return ok({});
  }

  /** Applies from the agent's next tool call; a worker started later is configured with it. */
  setApprovalMode(mode: ApprovalMode): Result<Empty> {
    if (mode === this.live.approvalMode) return ok({});
    this.emit({ type: 'approval_mode_changed', mode });
    this.worker.send({ type: 'set_approval_mode', mode });
    return ok({});
  }

  /**
   * A sandbox's namespaces are fixed when its shell starts, so new grants need a new worker: an
   * idle thread's worker stops now (the next message starts one with the full history); a running
   * thread's stops when its turn ends.
   */
  setSandbox(grants: SandboxGrants): Result<{ appliesAfterTurn: boolean }> {
    const refused = this.refusal('change its sandbox');
    if (refused) return refused;
    if (!sameGrants(grants, this.live.sandbox)) this.emit({ type: 'sandbox_changed', grants });
    const appliesAfterTurn = isRunningStatus(this.live.status) && this.worker.alive;
    if (!appliesAfterTurn) this.restartForSandbox();
    return ok({ appliesAfterTurn });
  }

  /** Shuts the worker down (killing it if it lingers), then flushes the log. */
  async dispose(): Promise<void> {
    if (this.disposing) return;
    this.disposing = true;
    this.review.dispose();
    this.worktree.dispose();
    await this.worker.stop();
    if (isRunningStatus(this.live.status)) {
      this.emit({ type: 'status_changed', status: 'interrupted', activity: SHUTDOWN_ACTIVITY, error: null });
    }
    await this.journal.close();
  }

  /** Re-measures the files-changed count after the fleet itself changed the worktree. */
  refreshChanges(): void {
    this.refreshDiffStat();
  }

  /**
   * For the agent's terminal: to the running worker, or (`start`) to one started now with the
   * full history, so a finished thread's shell comes back. Refused once the worktree is going.
   */
  terminalOp(op: TerminalOp, start: boolean): Result<Empty> {
    // While setting up, too: setup runs in this shell, for the user to watch (the hub checks the worktree exists).
    const refused = this.refusal('open its terminal', { settingUp: true });
    if (refused) return refused;
    if (start) this.worker.deliver(op, this.live);
    else this.worker.send(op);
    return ok({});
  }

  /** While held, an idle thread's worker (and so its shell) stays up; released, it may exit after the grace. */
  holdTerminal(held: boolean): void {
    this.terminalHeld = held;
    if (!held) this.worker.idle(() => this.isIdle());
  }

  /** Stops an idle thread's worker before its worktree is removed. */
  async stopWorker(): Promise<void> {
    await this.worker.stop();
  }

  /**
   * Starts removing the worktree: from now until the returned function is called, the thread
   * refuses messages and resumes, so no turn can write into a worktree about to go. Refused while
   * a turn is live (as the fleet knows it now, not as clients last saw it).
   */
  beginDiscard(how: 'discard' | 'archive' = 'discard'): Result<EndDiscard> {
    const refused = this.refusal(how === 'discard' ? 'be discarded' : 'be archived', { archived: how === 'discard' });
    if (refused) return refused;
    if (isRunningStatus(this.live.status)) {
      return fail('invalid_state', `The agent of thread ${this.id} is still working. Wait for it to finish or interrupt it, then ${how} it again.`);
    }
    this.discard = how === 'discard' ? 'discarding' : 'archiving';
    return ok((removed) => {
      // An archived thread can come back (thread.restore); a discarded one cannot.
      this.discard = removed && how === 'discard' ? 'discarded' : 'none';
    });
  }

  /** The agent's summary of its latest finished turn, for commit messages. */
  lastTurnSummary(): string | null {
    return lastTurnSummary(this.journal.clientEvents);
  }

  /** Why the thread cannot `action` now (shutting down, being discarded), or null. */
  private refusal(action: string, allow: { settingUp?: boolean; archived?: boolean } = {}): Result<never> | null {
    if (this.disposing) return fail('thread_busy', `Flotilla is shutting down; this thread cannot ${action} now.`);
    if (this.live.status === 'setting_up' && !allow.settingUp) return fail('thread_busy', `Thread ${this.id} is still setting up its worktree; it cannot ${action} yet.`);
    if (this.discard === 'discarding') return fail('thread_busy', `Thread ${this.id} is being discarded; it cannot ${action}.`);
    if (this.discard === 'archiving') return fail('thread_busy', `Thread ${this.id} is being archived; it cannot ${action}.`);
    if (this.live.archived && !allow.archived) {
      return fail('invalid_state', `Thread ${this.id} is archived: its worktree was removed. Restore it first (flotilla restore ${this.id}), then ${action.replace(/^be /, '')}.`);
    }
    if (this.discard === 'discarded') return fail('invalid_state', `Thread ${this.id} was discarded: its worktree is gone, so it cannot ${action}.`);
    return null;
  }

  private onAgentEvent(event: AgentEvent): void {
    const msg = event.msg;
    // A re-measure, not a log line: Codex reports its turn diff after every step.
    if (msg.type === 'turn_diff_updated') return this.review.onAgentMsg(msg);
    this.emit(msg);
    this.review.onAgentMsg(msg);
    if (msg.type !== 'turn_completed' && msg.type !== 'turn_aborted') return;
    const wasPaused = this.paused;
    // The turn ended while paused: the thread is finished, so the worker's pause is lifted and
    // queued messages wait for the user (resume, or a new message) instead of going out now.
    if (wasPaused) {
      this.paused = false;
      this.worker.send({ type: 'resume' });
    }
    // Before queued messages go out, so they reach a worker with the sandbox the user chose.
    this.restartForSandbox();
    if (msg.type === 'turn_completed' && !wasPaused && !this.disposing) this.messages.deliverQueued();
    this.refreshDiffStat();
    this.worker.idle(() => this.isIdle());
  }

  /** Stops a worker whose sandbox no longer matches the thread's grants; the next turn starts a new one. */
  private restartForSandbox(): void {
    if (this.disposing || !this.worker.outdatedFor(this.live.sandbox)) return;
    this.journal.track(this.worker.stop());
  }

  /** Nothing for a worker to do: no turn, no open approval, no pause to lift. */
  private isIdle(): boolean {
    return !isRunningStatus(this.live.status) && this.live.pendingApproval === null && !this.paused && !this.disposing && !this.terminalHeld;
  }

  private onWorkerCrash(code: number | null, signal: string | null): void {
    if (this.disposing) return;
    this.paused = false;
    this.emit({ type: 'worker_exited', code, signal });
  }

  private onStartFailed(message: string): void {
    const error = `Could not start the agent: ${message}`;
    this.emit({ type: 'status_changed', status: 'failed', activity: `Failed: ${error}`, error });
  }

  private refreshDiffStat(): void {
    // A merged thread shows what it landed: against a base that now holds that work, a new
    // measure would say less (nothing at all after a merge commit).
    if (this.live.mergeState === 'merged') return;
    void this.worktree.refreshSize();
    // After the turn's checkpoint, so a thread showing its files-changed count has its checkpoint too.
    const job = this.review.checkpointed().then(() => this.deps.diffStat(this.live)).then(
      (diffStat) => this.emit({ type: 'diff_stat', diffStat }),
      (error: unknown) => this.deps.logger.warn(`Could not measure the changes of thread ${this.id}: ${errorMessage(error)}`),
    );
    this.journal.track(job);
  }

  private emit(msg: ThreadEventMsg): void {
    const before = this.live.status;
    this.journal.emit(msg);
    if (this.live.status !== before) this.deps.onStatusChanged?.(this.id, this.live.status);
  }
}
