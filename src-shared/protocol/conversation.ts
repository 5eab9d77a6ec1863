/**
 * The conversation: what the built-in agent sends the model, item by item, in provider-neutral
 * form. The worker reports every item it appends (`history_appended`), the fleet keeps them in
 * the thread's log, and a new worker replays them (`configure.history`) so a thread resumes
 * exactly where it was. Each provider renders these items to its own wire format.
 */
import { z } from 'zod';

/** How the model invoked a tool: a function call with JSON arguments, or a free-form custom call. */
export const ToolCallFormatSchema = z.enum(['function', 'custom']);
export type ToolCallFormat = z.infer<typeof ToolCallFormatSchema>;

/** Responses API message phase; resent as received because newer models rely on it. */
export const MessagePhaseSchema = z.enum(['commentary', 'final_answer']);
export type MessagePhase = z.infer<typeof MessagePhaseSchema>;

const AssistantMessageSchema = z.object({
  type: z.literal('message'),
  /** Stream key of the deltas that built this item. */
  key: z.string(),
  text: z.string(),
  phase: MessagePhaseSchema.nullable(),
});

const ReasoningSchema = z.object({
  type: z.literal('reasoning'),
  key: z.string(),
  /** The provider's item id, resent with the encrypted content. */
  id: z.string(),
  /** Summary text, what the user sees. */
  text: z.string(),
  /** Only reasoning with encrypted content can be replayed when store is false; null otherwise. */
  encryptedContent: z.string().nullable(),
});

const ToolCallSchema = z.object({
  type: z.literal('tool_call'),
  callId: z.string(),
  name: z.string(),
  /** Exactly what the model sent: the JSON arguments string, or the custom tool input. */
  input: z.string(),
  format: ToolCallFormatSchema,
});

/** A finished item of the model's output, in the order the model produced it. */
export const ModelOutputItemSchema = z.discriminatedUnion('type', [AssistantMessageSchema, ReasoningSchema, ToolCallSchema]);
export type ModelOutputItem = z.infer<typeof ModelOutputItemSchema>;

/** Which model answer an output item came from: 0 for the thread's first, counting on across turns. */
const InResponse = { response: z.number().int().nonnegative() };

/**
 * One entry of the conversation, in order. A user item is the user's message, a note the agent
 * added (an interrupt, an approval-mode change), or a compaction's hand-off summary (its text
 * starts with the agent's summary prefix); the environment context is the first user item, which
 * a worker builds afresh and never reports. A tool output answers the tool call with its callId.
 */
export const ConversationItemSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), text: z.string() }),
  AssistantMessageSchema.extend(InResponse),
  ReasoningSchema.extend(InResponse),
  ToolCallSchema.extend(InResponse),
  z.object({ type: z.literal('tool_output'), callId: z.string(), format: ToolCallFormatSchema, output: z.string() }),
]);
export type ConversationItem = z.infer<typeof ConversationItemSchema>;
export type ConversationItemType = ConversationItem['type'];

export const ConversationSchema = z.array(ConversationItemSchema);
