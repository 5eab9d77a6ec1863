/**
 * Runs a compaction inside a turn, at a boundary (never between a tool call and its output):
 * one summary request, then the conversation is replaced and the replacement reported, so the
 * transcript shows the summary and a later worker replays the compacted conversation.
 */
import type { AgentEventMsg } from '../../src-shared/protocol/agent';
import type { Gate } from './abortable';
import {
  type CompactionSettings,
  ContextMeter,
  compactedHistory,
  DEFAULT_COMPACT_AT,
  DEFAULT_CONTEXT_WINDOW,
  SUMMARIZATION_PROMPT,
} from './compaction';
import type { ConversationItem, ModelOutputItem, ModelRequest, Provider } from './providers/provider';
import type { RetryPolicy } from './retry';
import { sampleWithRetry } from './sampling';
import type { ToolDefinition } from './tools/tool';
import type { ModelConfig } from '../../src-shared/protocol/agent';

/** A thread's compaction state, kept on its session. */
export interface CompactionState {
  readonly meter: ContextMeter;
  /** How many compactions the thread has had; numbers the transcript items. */
  count: number;
  /** `responses` at the last compaction: nothing new to compact until the model answers again. */
  compactedAtResponses: number | null;
}

export function createCompactionState(settings: Partial<CompactionSettings> | undefined): CompactionState {
  const meter = new ContextMeter({
    contextWindow: settings?.contextWindow ?? DEFAULT_CONTEXT_WINDOW,
    threshold: settings?.threshold ?? DEFAULT_COMPACT_AT,
  });
  return { meter, count: 0, compactedAtResponses: null };
}

export interface CompactOptions {
  session: {
    readonly instructions: string;
    readonly toolDefinitions: readonly ToolDefinition[];
    readonly history: ConversationItem[];
    readonly provider: Provider;
    readonly model: ModelConfig;
    readonly responses: number;
    readonly compaction: CompactionState;
  };
  turnId: string;
  signal: AbortSignal;
  gate: Gate;
  retry: RetryPolicy;
  idleTimeoutMs: number;
  emit(msg: AgentEventMsg): void;
}

/** Compacts when the next request would pass the threshold. Resolves when the history is ready. */
export async function compactIfNeeded(options: CompactOptions): Promise<void> {
  const { session } = options;
  const state = session.compaction;
  const request: ModelRequest = { instructions: session.instructions, tools: session.toolDefinitions, history: session.history };
  if (state.meter.estimate(request) < state.meter.limit()) return;
  if (state.compactedAtResponses === session.responses) return;
  const id = `${options.turnId}-compaction-${state.count}`;
  state.count += 1;
  const output = await sampleWithRetry({
    provider: session.provider,
    request: { instructions: session.instructions, tools: [], history: [...session.history, { type: 'user', text: SUMMARIZATION_PROMPT }] },
    model: session.model,
    turnId: options.turnId,
    itemIdPrefix: id,
    signal: options.signal,
    gate: options.gate,
    retry: options.retry,
    idleTimeoutMs: options.idleTimeoutMs,
    // The summary is shown once, below, as one item; its streamed deltas are not.
    emit: (msg) => {
      if (msg.type === 'usage' || msg.type === 'error') options.emit(msg);
    },
  });
  const summary = summaryText(output);
  const next = compactedHistory(session.history, summary);
  session.history.splice(0, session.history.length, ...next);
  state.meter.reset();
  state.compactedAtResponses = session.responses;
  // The environment context is rebuilt by a new worker, so it is never reported.
  options.emit({ type: 'history_appended', items: next.slice(1), replace: true });
  const item = { type: 'compaction' as const, id, text: summary };
  options.emit({ type: 'item_started', turnId: options.turnId, item });
  options.emit({ type: 'item_completed', turnId: options.turnId, item });
}

function summaryText(output: readonly ModelOutputItem[]): string {
  const texts = output.flatMap((item) => (item.type === 'message' && item.text.trim() !== '' ? [item.text.trim()] : []));
  return texts.join('\n\n') || '(The model gave no summary.)';
}
