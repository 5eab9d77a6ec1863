/**
 * One running `codex app-server` for one Flotilla thread: spawns it with the thread's CODEX_HOME,
 * initializes, starts or resumes the Codex thread in the worktree, and turns its notifications
 * into Flotilla events. Approval requests wait for the fleet's approval_decision.
 */
import { spawn } from 'node:child_process';
import type { AgentEventMsg, ApprovalDecision, ApprovalKind, ApprovalMode, WorkerConfig } from '../../src-shared/protocol/agent';
import type { TranscriptItem } from '../../src-shared/protocol/items';
import { CODEX_KEY_ENV, prepareCodexHome, readCodexThreadId, writeCodexThreadId } from './codex-home';
import type { CodexBinary } from './codex-binary';
import { mapCodexItem, type CodexItem } from './item-map';
import { signalProcessTree } from './process-tree';
import { CodexRpcClient } from './rpc-client';

/** While paused, the stop is re-applied this often, for a process forked just before it. */
const PAUSE_REAPPLY_MS = 250;
/**
 * How long a stopped app-server may take to exit before it is killed: under the fleet's
 * SHUTDOWN_GRACE_MS for the whole worker, so the worker still exits by itself after it.
 */
const STOP_GRACE_MS = 1_500;

export interface CodexSessionEvents {
  emit(msg: AgentEventMsg): void;
  /** Terminal data for the thread's agent terminal: each command Codex runs and its output. */
  terminal(data: string): void;
  /** The Codex turn ended: completed, interrupted or failed. */
  onTurnEnded(status: string, lastMessage: string | null): void;
  onClosed(reason: string): void;
}

interface PendingApproval {
  resolve(decision: ApprovalDecision): void;
  kind: ApprovalKind;
}

/** Codex's policy for each Flotilla approval mode (docs/codex-agent.md). */
export function codexPolicy(mode: ApprovalMode): { approvalPolicy: string; sandbox: string; sandboxPolicy: { type: string } } {
  switch (mode) {
    case 'suggest':
      return { approvalPolicy: 'untrusted', sandbox: 'read-only', sandboxPolicy: { type: 'readOnly' } };
    case 'auto-edit':
      return { approvalPolicy: 'untrusted', sandbox: 'workspace-write', sandboxPolicy: { type: 'workspaceWrite' } };
    case 'full-auto':
      return { approvalPolicy: 'never', sandbox: 'workspace-write', sandboxPolicy: { type: 'workspaceWrite' } };
  }
}

export class CodexSession {
  private rpc!: CodexRpcClient;
  private pid = 0;
  /** Settles once the app-server has exited (at once when it never started). */
  private exited: Promise<void> = Promise.resolve();
  codexThreadId = '';
  turnId: string | null = null;
  resumed = false;
  private readonly openItems = new Map<string, TranscriptItem>();
  private readonly approvals = new Map<string, PendingApproval>();
  private lastMessage: string | null = null;
  /** The turn's diff as Codex last reported it: it repeats it after every step, changed or not. */
  private lastTurnDiff = '';
  private nextApproval = 1;
  private holdKeeper: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly config: WorkerConfig,
    private readonly binary: CodexBinary,
    private readonly events: CodexSessionEvents,
  ) {}

  async start(): Promise<{ pid: number }> {
    const home = this.config.codex?.home;
    if (!home) throw new Error('A codex thread needs config.codex.home (its CODEX_HOME).');
    const { binDir } = prepareCodexHome(home, this.binary.path, this.config.threadId, this.config.model, this.config.codex?.userHome);
    const child = spawn(this.binary.path, ['app-server'], {
      cwd: this.config.worktreePath,
      env: { ...this.config.agentEnv, PATH: `${binDir}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: process.env.HOME ?? home, CODEX_HOME: home, ...this.providerKey() },
      stdio: 'pipe',
    });
    this.pid = child.pid ?? 0;
    this.exited = new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    this.rpc = new CodexRpcClient(child, {
      onNotification: (method, params) => this.notified(method, params as Record<string, unknown>),
      onRequest: (method, params) => this.requested(method, params as Record<string, unknown>),
      onClose: (reason) => this.events.onClosed(reason),
    });
    await this.rpc.request('initialize', { clientInfo: { name: 'flotilla', title: 'Flotilla', version: '1' }, capabilities: null });
    const policy = codexPolicy(this.config.approvalMode);
    const common = { cwd: this.config.worktreePath, approvalPolicy: policy.approvalPolicy, sandbox: policy.sandbox, developerInstructions: this.config.userInstructions };
    const previous = readCodexThreadId(home);
    const answer = previous
      ? await this.rpc.request<{ thread: { id: string } }>('thread/resume', { threadId: previous, ...common })
      : await this.rpc.request<{ thread: { id: string } }>('thread/start', common);
    this.resumed = previous !== null;
    this.codexThreadId = answer.thread.id;
    writeCodexThreadId(home, this.codexThreadId);
    return { pid: this.pid };
  }

  /** Flotilla's provider key for its config.toml; the user's own setup ("mine") has its own login. */
  private providerKey(): Record<string, string> {
    return this.config.codex?.userHome ? {} : { [CODEX_KEY_ENV]: this.config.model.apiKey };
  }

  async startTurn(texts: string[], mode: ApprovalMode): Promise<string> {
    const policy = codexPolicy(mode);
    const input = texts.map((text) => ({ type: 'text', text, text_elements: [] }));
    const answer = await this.rpc.request<{ turn: { id: string } }>('turn/start', {
      threadId: this.codexThreadId,
      input,
      approvalPolicy: policy.approvalPolicy,
      sandboxPolicy: policy.sandboxPolicy,
    });
    this.turnId = answer.turn.id;
    this.lastMessage = null;
    this.lastTurnDiff = '';
    return answer.turn.id;
  }

  steer(text: string): Promise<unknown> {
    if (!this.turnId) return Promise.reject(new Error('no turn to steer'));
    return this.rpc.request('turn/steer', { threadId: this.codexThreadId, expectedTurnId: this.turnId, input: [{ type: 'text', text, text_elements: [] }] });
  }

  async interrupt(): Promise<void> {
    if (!this.turnId) return;
    // Denying what waits lets Codex end the turn instead of holding it on an answer.
    for (const id of [...this.approvals.keys()]) this.decide(id, 'deny');
    await this.rpc.request('turn/interrupt', { threadId: this.codexThreadId, turnId: this.turnId }).catch(() => undefined);
  }

  /** Pause: stops app-server and the command it runs (docs/codex-agent.md); release continues both. */
  hold(): void {
    if (!this.pid || this.holdKeeper) return;
    signalProcessTree(this.pid, 'SIGSTOP');
    this.holdKeeper = setInterval(() => signalProcessTree(this.pid, 'SIGSTOP'), PAUSE_REAPPLY_MS);
    this.holdKeeper.unref();
  }

  release(): void {
    if (!this.holdKeeper) return;
    clearInterval(this.holdKeeper);
    this.holdKeeper = null;
    signalProcessTree(this.pid, 'SIGCONT');
  }

  get held(): boolean {
    return this.holdKeeper !== null;
  }

  decide(requestId: string, decision: ApprovalDecision): boolean {
    const pending = this.approvals.get(requestId);
    if (!pending) return false;
    this.approvals.delete(requestId);
    pending.resolve(decision);
    return true;
  }

  /** Items Codex never completed (a command cut by an interrupt): Flotilla closes them. */
  closeOpenItems(turnId: string): void {
    for (const item of this.openItems.values()) {
      if (item.type === 'command' || item.type === 'patch') {
        this.events.emit({ type: 'item_completed', turnId, item: { ...item, status: 'interrupted' } });
      } else {
        this.events.emit({ type: 'item_completed', turnId, item });
      }
    }
    this.openItems.clear();
  }

  /**
   * Stops the app-server and settles once it has exited, killed if it is not gone within
   * STOP_GRACE_MS. Until then it may still be writing its session into CODEX_HOME, which a
   * resumed thread reads and which is removed with the thread.
   */
  async stop(): Promise<void> {
    this.release(); // A stopped process would not act on SIGTERM.
    this.rpc?.notify('exit');
    this.signal('SIGTERM');
    if (await settlesWithin(this.exited, STOP_GRACE_MS)) return;
    this.signal('SIGKILL');
    await this.exited;
  }

  private signal(signal: NodeJS.Signals): void {
    if (!this.pid) return;
    try {
      process.kill(this.pid, signal);
    } catch {
      // Already gone.
    }
  }

  private notified(method: string, params: Record<string, unknown>): void {
    const turnId = typeof params.turnId === 'string' ? params.turnId : (this.turnId ?? '');
    switch (method) {
      case 'item/started':
      case 'item/completed':
        return this.itemEvent(method === 'item/started', params.item as CodexItem, turnId);
      case 'item/agentMessage/delta':
      case 'item/reasoning/summaryTextDelta':
      case 'item/reasoning/textDelta':
        return this.delta(turnId, params, 'text');
      case 'item/commandExecution/outputDelta':
        return this.delta(turnId, params, 'output');
      case 'turn/diff/updated':
        return this.turnDiff(turnId, params);
      case 'thread/tokenUsage/updated':
        return this.usage(turnId, params);
      case 'turn/completed':
        return this.turnCompleted(params.turn as { id: string; status: string; error: { message?: string } | null });
      case 'error':
        return this.codexError(params);
      default:
        return; // Rate limits, status, plans: nothing Flotilla shows.
    }
  }

  private itemEvent(started: boolean, raw: CodexItem, turnId: string): void {
    const item = mapCodexItem(raw, this.config.worktreePath);
    if (!item) return;
    if (item.type === 'command') this.mirrorCommand(started, item);
    if (started) {
      this.openItems.set(item.id, item);
      this.events.emit({ type: 'item_started', turnId, item });
      return;
    }
    if (!this.openItems.delete(item.id)) this.events.emit({ type: 'item_started', turnId, item });
    if (item.type === 'assistant_message') this.lastMessage = item.text;
    this.events.emit({ type: 'item_completed', turnId, item });
  }

  private delta(turnId: string, params: Record<string, unknown>, stream: 'text' | 'output'): void {
    const itemId = String(params.itemId);
    if (!this.openItems.has(itemId)) return;
    this.events.emit({ type: 'item_delta', turnId, itemId, stream, delta: String(params.delta ?? '') });
    if (stream === 'output') this.events.terminal(terminalText(String(params.delta ?? '')));
  }

  /** The command line as a prompt line when it starts; its exit code when it ends (its output streams between). */
  private mirrorCommand(started: boolean, item: Extract<TranscriptItem, { type: 'command' }>): void {
    if (started) this.events.terminal(`\x1b[1m$ ${terminalText(item.command)}\x1b[0m\r\n`);
    else if (item.exitCode !== null && item.exitCode !== 0) this.events.terminal(`\x1b[2m[exit ${item.exitCode}]\x1b[0m\r\n`);
  }

  /** Only that it moved: the fleet measures the worktree itself, so no diff enters the thread's log. */
  private turnDiff(turnId: string, params: Record<string, unknown>): void {
    const diff = typeof params.diff === 'string' ? params.diff : '';
    if (diff === this.lastTurnDiff) return;
    this.lastTurnDiff = diff;
    this.events.emit({ type: 'turn_diff_updated', turnId });
  }

  private usage(turnId: string, params: Record<string, unknown>): void {
    const last = (params.tokenUsage as { last?: Record<string, number> } | undefined)?.last;
    if (!last) return;
    this.events.emit({
      type: 'usage',
      turnId,
      usage: { inputTokens: last.inputTokens ?? 0, cachedInputTokens: last.cachedInputTokens ?? 0, outputTokens: last.outputTokens ?? 0, reasoningTokens: last.reasoningOutputTokens ?? 0 },
    });
  }

  private turnCompleted(turn: { id: string; status: string; error: { message?: string } | null }): void {
    this.closeOpenItems(turn.id);
    if (turn.status === 'failed') {
      this.events.emit({ type: 'error', code: 'stream_failed', message: turn.error?.message ?? 'Codex failed the turn.', willRetry: false });
    }
    this.turnId = null;
    this.events.onTurnEnded(turn.status, this.lastMessage);
  }

  private codexError(params: Record<string, unknown>): void {
    const error = params.error as { message?: string } | undefined;
    if (params.willRetry !== true) return; // A final error also fails the turn, reported there.
    this.events.emit({ type: 'error', code: 'stream_failed', message: error?.message ?? 'Codex reported an error.', willRetry: true });
  }

  private async requested(method: string, params: Record<string, unknown>): Promise<unknown> {
    const kind: ApprovalKind | null = method === 'item/commandExecution/requestApproval' ? 'command' : method === 'item/fileChange/requestApproval' ? 'patch' : null;
    if (!kind) throw new Error(`Flotilla does not answer ${method}.`);
    const requestId = `codex-approval-${this.nextApproval++}`;
    const turnId = String(params.turnId ?? this.turnId ?? '');
    const itemId = String(params.itemId ?? '');
    const decision = await new Promise<ApprovalDecision>((resolve) => {
      this.approvals.set(requestId, { resolve, kind });
      const reason = typeof params.reason === 'string' && params.reason ? params.reason : kind === 'command' ? `Run ${String(params.command ?? 'a command')}` : 'Apply an edit';
      this.events.emit({ type: 'approval_requested', turnId, requestId, itemId, reason, kind });
    });
    this.events.emit({ type: 'approval_resolved', turnId, requestId, decision });
    return { decision: decision === 'approve' ? 'accept' : decision === 'approve_for_thread' ? 'acceptForSession' : 'decline' };
  }
}

/** A terminal needs CR LF: Codex's output and command lines carry bare LF. */
function terminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** Whether `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
