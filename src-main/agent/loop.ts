/**
 * One turn of the agent loop: request, stream, run the tool calls, append their outputs, deliver
 * steering, and again, until the model answers without a tool call and nothing is pending.
 */
import type { AgentEventMsg, ModelConfig } from '../../src-shared/protocol/agent';
import type { Gate } from './abortable';
import type { Approvals } from './approvals';
import { compactIfNeeded, type CompactionState } from './compaction-run';
import type { ConversationItem, ModelOutputItem, Provider } from './providers/provider';
import type { RetryPolicy } from './retry';
import { ModelRequestFailed, sampleWithRetry } from './sampling';
import { runToolCalls, type ToolCall } from './tool-calls';
import type { Tool, ToolDefinition } from './tools/tool';

/** What stays the same for every turn of a thread. The prefix fields never change after creation. */
export interface ThreadSession {
  readonly instructions: string;
  readonly toolDefinitions: readonly ToolDefinition[];
  readonly tools: ReadonlyMap<string, Tool>;
  /** Append-only, across turns. Starts with the environment context. */
  readonly history: ConversationItem[];
  readonly provider: Provider;
  readonly model: ModelConfig;
  readonly worktreePath: string;
  /** Model answers so far in this thread; numbers each answer's history items. */
  responses: number;
  /** The one exception to append-only: a compaction replaces the history (compaction-run.ts). */
  readonly compaction: CompactionState;
}

export interface PendingMessage {
  /** The submission that carried it: its events are reported under this id. */
  submissionId: string;
  text: string;
  /** The fleet's message id, used as the transcript item's id so clients can match the two. */
  itemId?: string;
}

/** Why the turn's signal was aborted. Carried as the abort reason. */
export class TurnAbort extends Error {
  constructor(
    readonly reason: 'interrupted' | 'shutdown',
    readonly submissionId: string,
  ) {
    super(`Turn ${reason}`);
    this.name = 'TurnAbort';
  }
}

/** The turn ran past turnTimeoutMinutes. Carried as the abort reason. */
export class TurnTimedOut extends Error {
  constructor(
    readonly minutes: number,
    readonly submissionId: string,
  ) {
    super(`Turn stopped after ${minutes} minutes (turnTimeoutMinutes in settings.json).`);
    this.name = 'TurnTimedOut';
  }
}

export interface TurnOptions {
  session: ThreadSession;
  turnId: string;
  input: PendingMessage;
  /** Said to the model before the input, not shown in the transcript (e.g. an interrupt note). */
  notes: readonly string[];
  signal: AbortSignal;
  gate: Gate;
  /** The thread's approval policy; absent means nothing asks (as in full-auto). */
  approvals?: Approvals;
  /** Steering that arrived since the last call; each message is taken exactly once. */
  takeSteering(): PendingMessage[];
  hasSteering(): boolean;
  retry: RetryPolicy;
  idleTimeoutMs: number;
  emit(submissionId: string, msg: AgentEventMsg): void;
}

export type TurnOutcome =
  | { type: 'completed'; summary: string | null }
  | { type: 'aborted'; reason: 'interrupted' | 'shutdown' | 'error' };

export async function runTurn(options: TurnOptions): Promise<TurnOutcome> {
  const { turnId, input } = options;
  const emit = (msg: AgentEventMsg) => options.emit(input.submissionId, msg);
  emit({ type: 'turn_started', turnId });
  let userMessages = 0;
  const deliver = (message: PendingMessage) => {
    appendHistory(options, message.submissionId, [{ type: 'user', text: message.text }]);
    const id = message.itemId ?? `${turnId}-user-${userMessages}`;
    userMessages += 1;
    const item = { type: 'user_message' as const, id, text: message.text };
    options.emit(message.submissionId, { type: 'item_started', turnId, item });
    options.emit(message.submissionId, { type: 'item_completed', turnId, item });
  };
  try {
    if (options.notes.length > 0) appendHistory(options, input.submissionId, options.notes.map((text) => ({ type: 'user', text })));
    takeApprovalNotes(options);
    // Steering left over from an aborted turn was typed before this input.
    for (const message of options.takeSteering()) deliver(message);
    deliver(input);
    const summary = await loop(options, emit, deliver);
    emit({ type: 'turn_completed', turnId, summary });
    return { type: 'completed', summary };
  } catch (error) {
    return abortTurn(options, error);
  }
}

async function loop(
  options: TurnOptions,
  emit: (msg: AgentEventMsg) => void,
  deliver: (message: PendingMessage) => void,
): Promise<string | null> {
  const { session, turnId } = options;
  for (;;) {
    takeApprovalNotes(options);
    for (const message of options.takeSteering()) deliver(message);
    await compactIfNeeded({ ...options, session, emit });
    const response = session.responses;
    const sentHistory = session.history.length;
    const output = await sampleWithRetry({
      provider: session.provider,
      request: { instructions: session.instructions, tools: session.toolDefinitions, history: session.history },
      model: session.model,
      turnId,
      itemIdPrefix: `${turnId}-r${response}`,
      signal: options.signal,
      gate: options.gate,
      retry: options.retry,
      idleTimeoutMs: options.idleTimeoutMs,
      emit,
      onUsage: (usage) => session.compaction.meter.observe(sentHistory, usage),
    });
    session.responses += 1;
    appendHistory(options, options.input.submissionId, output.map((item) => ({ ...item, response })));
    const calls = output.filter((item): item is ToolCall => item.type === 'tool_call');
    if (calls.length === 0) {
      if (options.hasSteering()) continue;
      return finalText(output);
    }
    const ctx = {
      tools: session.tools,
      turnId,
      worktreePath: session.worktreePath,
      signal: options.signal,
      gate: options.gate,
      approvals: options.approvals,
      emit,
    };
    await runToolCalls(calls, ctx, (call, text) => {
      appendHistory(options, options.input.submissionId, [{ type: 'tool_output', callId: call.callId, format: call.format, output: text }]);
    });
  }
}

/** Every append is reported, so a later worker can replay the conversation (configure.history). */
function appendHistory(options: TurnOptions, submissionId: string, items: ConversationItem[]): void {
  options.session.history.push(...items);
  options.emit(submissionId, { type: 'history_appended', items });
}

/** A mode change is appended to the conversation at a boundary, never between a call and its output. */
function takeApprovalNotes(options: TurnOptions): void {
  const notes = options.approvals?.takeNotes() ?? [];
  if (notes.length > 0) appendHistory(options, options.input.submissionId, notes.map((text) => ({ type: 'user', text })));
}

function finalText(output: readonly ModelOutputItem[]): string | null {
  const messages = output.filter((item) => item.type === 'message' && item.text.trim() !== '');
  const last = messages[messages.length - 1];
  return last && last.type === 'message' ? last.text : null;
}

function abortTurn(options: TurnOptions, error: unknown): TurnOutcome {
  const { turnId, input } = options;
  const reason = options.signal.aborted ? options.signal.reason : null;
  if (reason instanceof TurnAbort) {
    options.emit(reason.submissionId, { type: 'turn_aborted', turnId, reason: reason.reason });
    return { type: 'aborted', reason: reason.reason };
  }
  if (reason instanceof TurnTimedOut) {
    options.emit(reason.submissionId, { type: 'error', code: 'timed_out', message: reason.message, willRetry: false });
    options.emit(reason.submissionId, { type: 'turn_aborted', turnId, reason: 'error' });
    return { type: 'aborted', reason: 'error' };
  }
  if (!(error instanceof ModelRequestFailed)) {
    // A bug, not a model failure: say so, and keep the worker alive for the next turn.
    const message = `The agent loop failed: ${error instanceof Error ? error.message : String(error)}`;
    options.emit(input.submissionId, { type: 'error', code: 'internal', message, willRetry: false });
  }
  options.emit(input.submissionId, { type: 'turn_aborted', turnId, reason: 'error' });
  return { type: 'aborted', reason: 'error' };
}
