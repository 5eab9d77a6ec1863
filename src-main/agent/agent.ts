/**
 * The agent behind a worker: takes submissions, runs turns, answers with events. It knows nothing
 * of processes or IPC (worker-main.ts wires it to the port), so tests drive it in-process.
 */
import { randomUUID } from 'node:crypto';
import { assertNever } from '../../src-shared/assert-never';
import {
  type AgentEvent,
  type AgentEventMsg,
  type AgentOp,
  type Submission,
  SubmissionSchema,
  type WorkerConfig,
  type WorkerTerminalMsg,
} from '../../src-shared/protocol/agent';
import { Gate } from './abortable';
import { Approvals, lastToldApprovalMode } from './approvals';
import { type AgentEnvironment, configureThread } from './configure';
import { type PendingMessage, runTurn, TurnAbort, TurnTimedOut, type ThreadSession } from './loop';
import type { CreateProviderOptions } from './providers/create-provider';
import type { Provider } from './providers/provider';
import { type GroupSignal, signalCommandGroup } from './process-control';
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { TerminalBridge } from './terminal-bridge';
import { TurnTimer } from './turn-timer';

/** How often a pause re-stops the running commands, catching processes forked since. */
const PAUSE_REAPPLY_MS = 250;

/** Codex's note after an interrupt, word for word: models trained on Codex know it. */
export const INTERRUPTED_NOTE = [
  '<turn_aborted>',
  'The user interrupted the previous turn on purpose. Any running unified exec processes may still be running in the background. If any tools/commands were aborted, they may have partially executed.',
  '</turn_aborted>',
].join('\n');

export interface AgentOptions {
  emit(event: AgentEvent): void;
  /** The agent's terminal for the user's view (outside the event stream); absent: not shown. */
  emitTerminal?(msg: WorkerTerminalMsg): void;
  /** Starts the worktree's shell and builds the tools for a configured thread. */
  createEnvironment(config: WorkerConfig): Promise<AgentEnvironment>;
  /** Called once a shutdown has aborted the turn and disposed the environment. */
  onShutdown?(): void;
  createProvider?(options: CreateProviderOptions): Provider;
  retry?: RetryPolicy;
  idleTimeoutMs?: number;
  now?(): Date;
  /** Stops or continues a running command's process group; tests may observe it instead. */
  signalGroup?(pgid: number, signal: GroupSignal): void;
}

export interface Agent {
  /** Validates and handles one message from the fleet. Never throws. */
  handle(message: unknown): void;
  /** Resolves when a shutdown op has been fully handled. */
  readonly closed: Promise<void>;
}

interface RunningTurn {
  controller: AbortController;
  done: Promise<void>;
  timer: TurnTimer | null;
}

export function createAgent(options: AgentOptions): Agent {
  return new AgentImpl(options);
}

class AgentImpl implements Agent {
  private configuring: Promise<void> = Promise.resolve();
  private env: AgentEnvironment | null = null;
  private session: ThreadSession | null = null;
  private approvals: Approvals | null = null;
  private terminal: TerminalBridge | null = null;
  private turn: RunningTurn | null = null;
  private readonly gate = new Gate();
  private readonly steering: PendingMessage[] = [];
  private readonly inputs: PendingMessage[] = [];
  private interrupted = false;
  private turnTimeoutMinutes: number | undefined;
  private readonly stoppedGroups = new Set<number>();
  private pauseKeeper: NodeJS.Timeout | undefined;
  private shuttingDown = false;
  private resolveClosed!: () => void;
  readonly closed = new Promise<void>((resolve) => (this.resolveClosed = resolve));

  constructor(private readonly options: AgentOptions) {}

  handle(message: unknown): void {
    const parsed = SubmissionSchema.safeParse(message);
    if (!parsed.success) {
      const id = isRecord(message) && typeof message.id === 'string' ? message.id : '';
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      this.emit(id, { type: 'error', code: 'internal', message: `Malformed submission ignored: ${issues}`, willRetry: false });
      return;
    }
    const submission = parsed.data;
    if (this.shuttingDown) return;
    // Ops wait for a configure in flight, except shutdown, which must work even if it hangs.
    if (submission.op.type === 'shutdown') void this.shutdown(submission.id);
    else this.configuring = this.configuring.then(() => this.dispatch(submission)).catch((e) => this.fail(submission.id, e));
  }

  private async dispatch(submission: Submission): Promise<void> {
    const { id, op } = submission;
    if (this.shuttingDown) return;
    if (op.type !== 'configure' && !this.session) {
      this.emit(id, { type: 'error', code: 'bad_config', message: `"${op.type}" arrived before "configure".`, willRetry: false });
      return;
    }
    await this.apply(id, op);
  }

  private async apply(id: string, op: AgentOp): Promise<void> {
    switch (op.type) {
      case 'configure':
        return this.configure(id, op.config);
      case 'user_input':
        // Held (queued) messages go first: the turn delivers pending steering before its input.
        for (const held of op.held ?? []) this.steering.push({ submissionId: id, text: held.text, itemId: held.messageId });
        return this.enqueueInput({ submissionId: id, text: op.text, itemId: op.messageId });
      case 'steer':
        if (this.turn) this.steering.push({ submissionId: id, text: op.text, itemId: op.messageId });
        else this.enqueueInput({ submissionId: id, text: op.text, itemId: op.messageId });
        return;
      case 'interrupt':
        return this.interrupt(id);
      case 'pause':
        return this.pause();
      case 'resume':
        return this.resume();
      case 'approval_decision':
        // A decision for a request that is no longer open (its turn ended) has nothing to do.
        this.approvals?.decide(op.requestId, op.decision);
        return;
      case 'set_approval_mode':
        this.approvals?.setMode(op.mode);
        return;
      case 'shutdown':
        return this.shutdown(id);
      case 'terminal_input':
      case 'terminal_resize':
      case 'terminal_flow':
        return this.terminal?.handle(op);
      default:
        return assertNever(op, 'agent op');
    }
  }

  private async configure(id: string, config: WorkerConfig): Promise<void> {
    if (this.session) {
      this.emit(id, { type: 'error', code: 'bad_config', message: 'The worker is already configured.', willRetry: false });
      return;
    }
    try {
      const { env, session } = await configureThread(config, this.options);
      if (this.shuttingDown) return env.dispose();
      this.env = env;
      this.session = session;
      this.turnTimeoutMinutes = config.turnTimeoutMinutes;
      const told = lastToldApprovalMode(config.history ?? [], config.contextApprovalMode ?? config.approvalMode);
      this.approvals = new Approvals(config.approvalMode, told);
      const emitTerminal = this.options.emitTerminal;
      if (env.terminal && emitTerminal) this.terminal = new TerminalBridge(env.terminal, emitTerminal);
      this.emit(id, { type: 'ready', pid: process.pid, shell: env.shellPath, sandbox: env.sandbox });
    } catch (error) {
      const message = `Could not start the agent in ${config.worktreePath}: ${error instanceof Error ? error.message : String(error)}`;
      this.emit(id, { type: 'error', code: 'bad_config', message, willRetry: false });
    }
  }

  private enqueueInput(message: PendingMessage): void {
    this.inputs.push(message);
    if (!this.turn) this.startNextTurn();
  }

  private startNextTurn(): void {
    const input = this.inputs.shift();
    const session = this.session;
    if (!input || !session || this.shuttingDown) return;
    const controller = new AbortController();
    const notes = this.interrupted ? [INTERRUPTED_NOTE] : [];
    this.interrupted = false;
    const timer = this.startTurnTimer(controller, input.submissionId);
    const done = runTurn({
      session,
      turnId: `turn-${randomUUID()}`,
      input,
      notes,
      signal: controller.signal,
      gate: this.gate,
      approvals: this.approvals ?? undefined,
      takeSteering: () => this.steering.splice(0),
      hasSteering: () => this.steering.length > 0,
      retry: this.options.retry ?? DEFAULT_RETRY_POLICY,
      idleTimeoutMs: this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      emit: (submissionId, msg) => this.emit(submissionId, msg),
    }).then((outcome) => {
      timer?.dispose();
      if (outcome.type === 'aborted' && outcome.reason === 'interrupted') this.interrupted = true;
      this.turn = null;
      // Steering that raced the end of a completed turn starts the next one; after an abort it
      // waits to go out with the next input instead.
      if (outcome.type === 'completed' && this.inputs.length === 0) this.inputs.push(...this.steering.splice(0, 1));
      this.startNextTurn();
    });
    this.turn = { controller, done, timer };
  }

  private startTurnTimer(controller: AbortController, submissionId: string): TurnTimer | null {
    const minutes = this.turnTimeoutMinutes;
    if (minutes === undefined) return null;
    const timer = new TurnTimer(minutes * 60_000, () => {
      // A stopped command cannot act on the termination signal: continue it first.
      this.continueStopped();
      controller.abort(new TurnTimedOut(minutes, submissionId));
    });
    if (this.gate.isOpen) timer.start();
    return timer;
  }

  private interrupt(id: string): void {
    if (!this.turn) return;
    // A stopped process cannot act on the tool's termination signal, so continue it to its end.
    // The pause itself stands (only resume ends it): a next turn waits before its first request.
    this.continueStopped();
    this.turn.controller.abort(new TurnAbort('interrupted', id));
  }

  private pause(): void {
    this.gate.close();
    this.turn?.timer?.hold();
    this.stopRunning();
    // A command may fork after the first stop (or be about to exec): keep stopping until resume.
    this.pauseKeeper ??= setInterval(() => this.stopRunning(), PAUSE_REAPPLY_MS);
    this.pauseKeeper.unref();
  }

  private stopRunning(): void {
    const send = this.options.signalGroup ?? signalCommandGroup;
    for (const pgid of this.env?.runningProcessGroups() ?? []) this.stoppedGroups.add(pgid);
    for (const pgid of this.stoppedGroups) send(pgid, 'SIGSTOP');
  }

  private resume(): void {
    this.gate.open();
    this.turn?.timer?.start();
    this.continueStopped();
  }

  private continueStopped(): void {
    if (this.pauseKeeper === undefined) return;
    clearInterval(this.pauseKeeper);
    this.pauseKeeper = undefined;
    // A stopped command may no longer be listed as running: continue what we stopped as well.
    const groups = new Set([...this.stoppedGroups, ...(this.env?.runningProcessGroups() ?? [])]);
    this.stoppedGroups.clear();
    const send = this.options.signalGroup ?? signalCommandGroup;
    for (const pgid of groups) send(pgid, 'SIGCONT');
  }

  private async shutdown(id: string): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    // Continue stopped commands so they can act on the shell's hangup and end.
    this.continueStopped();
    const turn = this.turn;
    if (turn) {
      turn.controller.abort(new TurnAbort('shutdown', id));
      await turn.done;
    }
    this.terminal?.dispose();
    this.env?.dispose();
    this.options.onShutdown?.();
    this.resolveClosed();
  }

  private fail(id: string, error: unknown): void {
    const message = `The worker failed to handle a submission: ${error instanceof Error ? error.message : String(error)}`;
    this.emit(id, { type: 'error', code: 'internal', message, willRetry: false });
  }

  private emit(id: string, msg: AgentEventMsg): void {
    this.options.emit({ id, msg });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
