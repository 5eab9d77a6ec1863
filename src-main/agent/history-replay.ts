/**
 * Rebuilds a conversation from the items a worker reported with `history_appended`, so a new
 * worker (after a crash or a restart) continues a thread with its full history. Items are
 * checked one by one: a malformed one is skipped rather than failing the whole thread.
 */
import { z } from 'zod';
import type { HistoryItem } from './providers/provider';

const FormatSchema = z.enum(['function', 'custom']);

const HistoryItemSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), text: z.string() }),
  z.object({
    type: z.literal('message'),
    key: z.string(),
    text: z.string(),
    phase: z.enum(['commentary', 'final_answer']).nullable(),
    response: z.number().int(),
  }),
  z.object({
    type: z.literal('reasoning'),
    key: z.string(),
    id: z.string(),
    text: z.string(),
    encryptedContent: z.string().nullable(),
    response: z.number().int(),
  }),
  z.object({
    type: z.literal('tool_call'),
    callId: z.string(),
    name: z.string(),
    input: z.string(),
    format: FormatSchema,
    response: z.number().int(),
  }),
  z.object({ type: z.literal('tool_output'), callId: z.string(), format: FormatSchema, output: z.string() }),
]);

/** What the model is told about a call whose worker died before it could answer. */
export const LOST_TOOL_OUTPUT = 'The agent process stopped before this call finished; its result is unknown.';

export interface ReplayedHistory {
  items: HistoryItem[];
  /** How many model answers the history holds, so new answers get new numbers. */
  responses: number;
}

export function replayHistory(raw: readonly unknown[]): ReplayedHistory {
  const items: HistoryItem[] = [];
  // Providers reject a tool call without its output, and a crash can leave one unanswered.
  let pending = new Map<string, HistoryItem & { type: 'tool_call' }>();
  let responses = 0;
  const closePending = (): void => {
    for (const call of pending.values()) items.push({ type: 'tool_output', callId: call.callId, format: call.format, output: LOST_TOOL_OUTPUT });
    pending = new Map();
  };
  for (const entry of raw) {
    const parsed = HistoryItemSchema.safeParse(entry);
    if (!parsed.success) continue;
    const item = parsed.data;
    if (item.type === 'tool_output') {
      pending.delete(item.callId);
    } else if (item.type === 'tool_call') {
      if ([...pending.values()].some((call) => call.response !== item.response)) closePending();
      pending.set(item.callId, item);
    } else {
      closePending();
    }
    if ('response' in item) responses = Math.max(responses, item.response + 1);
    items.push(item);
  }
  closePending();
  return { items, responses };
}
