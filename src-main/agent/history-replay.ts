/**
 * Rebuilds a conversation from the items a worker reported with `history_appended`, so a new
 * worker (after a crash or a restart) continues a thread with its full history. The items were
 * validated at the worker's boundary (configure.history); what is left here is making the
 * sequence one a provider accepts, whatever the old worker managed to report before it stopped.
 */
import type { ConversationItem } from './providers/provider';

type ToolCallItem = ConversationItem & { type: 'tool_call' };

/** What the model is told about a call whose worker died before it could answer. */
export const LOST_TOOL_OUTPUT = 'The agent process stopped before this call finished; its result is unknown.';

export interface ReplayedHistory {
  items: ConversationItem[];
  /** How many model answers the history holds, so new answers get new numbers. */
  responses: number;
}

export function replayHistory(history: readonly ConversationItem[]): ReplayedHistory {
  const items: ConversationItem[] = [];
  // Providers reject a tool call without its output, and a crash can leave one unanswered.
  let pending = new Map<string, ToolCallItem>();
  const called = new Set<string>();
  let responses = 0;
  const closePending = (): void => {
    for (const call of pending.values()) items.push({ type: 'tool_output', callId: call.callId, format: call.format, output: LOST_TOOL_OUTPUT });
    pending = new Map();
  };
  for (const item of history) {
    if (item.type === 'tool_output') {
      // Providers reject an output without its call too: one whose call line the fleet could not read.
      if (!called.has(item.callId)) continue;
      pending.delete(item.callId);
    } else if (item.type === 'tool_call') {
      if ([...pending.values()].some((call) => call.response !== item.response)) closePending();
      pending.set(item.callId, item);
      called.add(item.callId);
    } else {
      closePending();
    }
    if ('response' in item) responses = Math.max(responses, item.response + 1);
    items.push(item);
  }
  closePending();
  return { items, responses };
}
