/**
 * One turn of the agent loop: request, stream, run the tool calls, append their outputs, deliver
 * steering, and again, until the model answers without a tool call and nothing is pending.
 */
import type { AgentEventMsg, ModelConfig } from '../../src-shared/protocol/agent';
import type { Gate } from './abortable';
import type { HistoryItem, ModelOutputItem, Provider } from './providers/provider';
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
  readonly history: HistoryItem[];
  readonly provider: Provider;
  readonly model: ModelConfig;
  readonly worktreePath: string;
  /** Model answers so far in this thread; numbers each answer's history items. */
  responses: number;
}

export interface PendingMessage {
  /** The submission that carried it: its events are reported under this id. */
  submissionId: string;
  text: string;
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

export interface TurnOptions {
  session: ThreadSession;
  turnId: string;
  input: PendingMessage;
  /** Said to the model before the input, not shown in the transcript (e.g. an interrupt note). */
  notes: readonly string[];
  signal: AbortSignal;
  gate: Gate;
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
  const { session, turnId, input } = options;
  const emit = (msg: AgentEventMsg) => options.emit(input.submissionId, msg);
  emit({ type: 'turn_started', turnId });
  let userMessages = 0;
  const deliver = (message: PendingMessage) => {
    session.history.push({ type: 'user', text: message.text });
    const item = { type: 'user_message' as const, id: `${turnId}-user-${userMessages++}`, text: message.text };
    options.emit(message.submissionId, { type: 'item_started', turnId, item });
    options.emit(message.submissionId, { type: 'item_completed', turnId, item });
  };
  try {
    for (const text of options.notes) session.history.push({ type: 'user', text });
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
    for (const message of options.takeSteering()) deliver(message);
    const response = session.responses;
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
    });
    session.responses += 1;
    for (const item of output) session.history.push({ ...item, response });
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
      emit,
    };
    await runToolCalls(calls, ctx, (call, text) => {
      session.history.push({ type: 'tool_output', callId: call.callId, format: call.format, output: text });
    });
  }
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
  if (!(error instanceof ModelRequestFailed)) {
    // A bug, not a model failure: say so, and keep the worker alive for the next turn.
    const message = `The agent loop failed: ${error instanceof Error ? error.message : String(error)}`;
    options.emit(input.submissionId, { type: 'error', code: 'internal', message, willRetry: false });
  }
  options.emit(input.submissionId, { type: 'turn_aborted', turnId, reason: 'error' });
  return { type: 'aborted', reason: 'error' };
}
