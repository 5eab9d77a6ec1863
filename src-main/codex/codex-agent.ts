/**
 * The Codex agent kind: the same Agent face as the built-in loop (submissions in, events out),
 * backed by a CodexSession. Inputs queue while a turn runs; pause holds the queue and stops the
 * app-server and its running command (SIGSTOP); resume continues both, then what is queued.
 */
import { randomUUID } from 'node:crypto';
import { assertNever } from '../../src-shared/assert-never';
import { type AgentEvent, type AgentEventMsg, type AgentOp, type ApprovalMode, SubmissionSchema, type WorkerConfig, type WorkerTerminalMsg } from '../../src-shared/protocol/agent';
import type { Agent } from '../agent/agent';
import { resolveCodexBinary } from './codex-binary';
import { userSetupProblem } from './codex-home';
import { CodexSession } from './codex-session';

export interface CodexAgentOptions {
  emit(event: AgentEvent): void;
  /** The thread's agent terminal, read-only: what Codex runs, mirrored (codex-session.ts). */
  emitTerminal?(msg: WorkerTerminalMsg): void;
  onShutdown?(): void;
}

interface Input {
  submissionId: string;
  messageId: string;
  text: string;
}

export const STEER_QUEUED_NOTE = 'Codex was between turns: this message starts the next turn.';

export function createCodexAgent(options: CodexAgentOptions): Agent {
  return new CodexAgent(options);
}

class CodexAgent implements Agent {
  private session: CodexSession | null = null;
  private configuring: Promise<void> = Promise.resolve();
  private mode: ApprovalMode = 'suggest';
  private readonly queue: Input[] = [];
  private running: { submissionId: string; turnId: string; interrupted: boolean } | null = null;
  private starting = false;
  private paused = false;
  private stopping = false;
  private resolveClosed!: () => void;
  readonly closed = new Promise<void>((resolve) => (this.resolveClosed = resolve));

  constructor(private readonly options: CodexAgentOptions) {}

  handle(message: unknown): void {
    const parsed = SubmissionSchema.safeParse(message);
    if (!parsed.success) {
      this.emit('invalid', { type: 'error', code: 'internal', message: `Bad submission: ${parsed.error.message}`, willRetry: false });
      return;
    }
    const { id, op } = parsed.data;
    if (op.type === 'shutdown') return void this.shutdown();
    if (op.type === 'configure') {
      this.configuring = this.configuring.then(() => this.configure(id, op.config));
      return;
    }
    void this.configuring.then(() => this.dispatch(id, op));
  }

  private dispatch(id: string, op: AgentOp): void {
    if (op.type !== 'configure' && !this.session) {
      this.emit(id, { type: 'error', code: 'bad_config', message: `"${op.type}" arrived before a working "configure".`, willRetry: false });
      return;
    }
    switch (op.type) {
      case 'configure':
        return; // Handled in handle(), so that later ops wait for it.
      case 'user_input':
        for (const held of op.held ?? []) this.queue.push({ submissionId: id, messageId: held.messageId, text: held.text });
        this.queue.push({ submissionId: id, messageId: op.messageId ?? randomUUID(), text: op.text });
        return void this.pump();
      case 'steer':
        return void this.steer(id, op.text, op.messageId ?? randomUUID());
      case 'interrupt':
        if (this.running) this.running.interrupted = true;
        // Codex must run to act on the interrupt; the thread stays paused for the next turn.
        this.session?.release();
        return void this.session?.interrupt();
      case 'pause':
        this.paused = true;
        return void this.session?.hold();
      case 'resume':
        this.paused = false;
        this.session?.release();
        return void this.pump();
      case 'approval_decision':
        this.session?.decide(op.requestId, op.decision);
        return;
      case 'set_approval_mode':
        this.mode = op.mode; // Codex takes it with the next turn/start.
        return;
      case 'shutdown':
        return void this.shutdown();
      case 'terminal_input':
      case 'terminal_resize':
      case 'terminal_flow':
        return; // Codex runs its commands in its own processes: there is no shell to type into.
      default:
        assertNever(op);
    }
  }

  private async configure(id: string, config: WorkerConfig): Promise<void> {
    this.mode = config.approvalMode;
    const found = await resolveCodexBinary(config.codex?.path);
    if (!found.ok) {
      this.emit(id, { type: 'error', code: 'bad_config', message: found.message, willRetry: false });
      return;
    }
    const userHome = config.codex?.userHome;
    const setupProblem = userHome ? userSetupProblem(userHome) : null;
    if (setupProblem) {
      this.emit(id, { type: 'error', code: 'bad_config', message: setupProblem, willRetry: false });
      return;
    }
    const session = new CodexSession(config, found.binary, {
      emit: (msg) => this.emit(this.running?.submissionId ?? id, msg),
      terminal: (data) => this.options.emitTerminal?.({ type: 'output', data }),
      onTurnEnded: (status, last) => this.turnEnded(status, last),
      onClosed: (reason) => this.sessionClosed(reason),
    });
    try {
      const { pid } = await session.start();
      this.session = session;
      this.emit(id, { type: 'ready', pid, shell: `codex ${found.binary.version} (${found.binary.path})`, sandbox: `codex ${config.approvalMode}` });
    } catch (err) {
      void session.stop();
      this.emit(id, { type: 'error', code: 'bad_config', message: `Codex did not start: ${err instanceof Error ? err.message : String(err)}`, willRetry: false });
    }
  }

  private async pump(): Promise<void> {
    const session = this.session;
    if (!session || this.running || this.starting || this.paused || this.queue.length === 0) return;
    const inputs = this.queue.splice(0);
    const submissionId = inputs.at(-1)?.submissionId ?? 'codex';
    this.starting = true;
    try {
      const turnId = await session.startTurn(inputs.map((i) => i.text), this.mode);
      this.running = { submissionId, turnId, interrupted: false };
      this.emit(submissionId, { type: 'turn_started', turnId });
      for (const input of inputs) this.userMessage(input.submissionId, turnId, input.messageId, input.text);
    } catch (err) {
      this.emit(submissionId, { type: 'error', code: 'internal', message: `Codex refused the turn: ${err instanceof Error ? err.message : String(err)}`, willRetry: false });
    } finally {
      this.starting = false;
    }
  }

  private async steer(id: string, text: string, messageId: string): Promise<void> {
    const running = this.running;
    if (running && this.session) {
      try {
        await this.session.steer(text);
        return this.userMessage(id, running.turnId, messageId, text);
      } catch {
        // The turn ended meanwhile: queue it for the next one, below.
      }
    }
    this.queue.push({ submissionId: id, messageId, text });
    const note = { type: 'error' as const, id: randomUUID(), message: STEER_QUEUED_NOTE };
    this.emit(id, { type: 'item_started', turnId: running?.turnId ?? '', item: note });
    this.emit(id, { type: 'item_completed', turnId: running?.turnId ?? '', item: note });
    void this.pump();
  }

  private userMessage(submissionId: string, turnId: string, id: string, text: string): void {
    const item = { type: 'user_message' as const, id, text };
    this.emit(submissionId, { type: 'item_started', turnId, item });
    this.emit(submissionId, { type: 'item_completed', turnId, item });
  }

  private turnEnded(status: string, lastMessage: string | null): void {
    const running = this.running;
    this.running = null;
    if (!running) return;
    if (status === 'completed') this.emit(running.submissionId, { type: 'turn_completed', turnId: running.turnId, summary: lastMessage });
    else this.emit(running.submissionId, { type: 'turn_aborted', turnId: running.turnId, reason: status === 'interrupted' ? 'interrupted' : 'error' });
    void this.pump();
  }

  private sessionClosed(reason: string): void {
    if (this.stopping) return;
    const running = this.running;
    this.running = null;
    this.session = null;
    if (running) this.emit(running.submissionId, { type: 'turn_aborted', turnId: running.turnId, reason: 'error' });
    this.emit(running?.submissionId ?? 'codex', { type: 'error', code: 'internal', message: reason, willRetry: false });
  }

  private shutdown(): void {
    if (this.stopping) return;
    this.stopping = true;
    const session = this.session;
    this.session = null;
    if (this.running) this.emit(this.running.submissionId, { type: 'turn_aborted', turnId: this.running.turnId, reason: 'shutdown' });
    this.running = null;
    // Closed once Codex has exited: it writes its session on the way out.
    void (session?.stop() ?? Promise.resolve()).then(() => {
      this.resolveClosed();
      this.options.onShutdown?.();
    });
  }

  private emit(id: string, msg: AgentEventMsg): void {
    this.options.emit({ id, msg });
  }
}
