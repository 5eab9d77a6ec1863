/**
 * Transcript items: what a thread's transcript is made of. Workers create them (item_started),
 * stream into them (item_delta) and finish them (item_completed); clients fold them into a view.
 */
import { z } from 'zod';
import { TokenUsageSchema } from './usage';

export const PatchFileChangeSchema = z.object({
  path: z.string(),
  kind: z.enum(['add', 'delete', 'update']),
  movePath: z.string().nullable(),
  additions: z.number().int(),
  deletions: z.number().int(),
});
export type PatchFileChange = z.infer<typeof PatchFileChangeSchema>;

export const PlanStepSchema = z.object({
  step: z.string(),
  status: z.enum(['pending', 'in_progress', 'completed']),
});
export type PlanStep = z.infer<typeof PlanStepSchema>;

const ItemStatusSchema = z.enum(['in_progress', 'completed', 'failed', 'declined', 'interrupted']);
export type ItemStatus = z.infer<typeof ItemStatusSchema>;

export const TranscriptItemSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('user_message'),
    id: z.string(),
    text: z.string(),
    /**
     * For a message the user queued: held, delivered to the agent, or dropped before delivery; for a
     * steered one: pending until the step that takes it, then delivered.
     */
    delivery: z.enum(['queued', 'pending', 'delivered', 'dropped']).optional(),
  }),
  z.object({ type: z.literal('assistant_message'), id: z.string(), text: z.string() }),
  z.object({ type: z.literal('reasoning'), id: z.string(), text: z.string() }),
  z.object({
    type: z.literal('command'),
    id: z.string(),
    command: z.string(),
    cwd: z.string(),
    output: z.string(),
    exitCode: z.number().int().nullable(),
    durationMs: z.number().nullable(),
    /** Set when the command outlived yield_time_ms and can be polled with write_stdin. */
    sessionId: z.number().int().nullable(),
    status: ItemStatusSchema,
  }),
  z.object({
    type: z.literal('patch'),
    id: z.string(),
    patch: z.string(),
    changes: z.array(PatchFileChangeSchema),
    error: z.string().nullable(),
    status: ItemStatusSchema,
  }),
  z.object({
    type: z.literal('plan'),
    id: z.string(),
    explanation: z.string().nullable(),
    steps: z.array(PlanStepSchema),
  }),
  z.object({ type: z.literal('error'), id: z.string(), message: z.string() }),
  /** The conversation was compacted to free the context window; `text` is the hand-off summary. */
  z.object({ type: z.literal('compaction'), id: z.string(), text: z.string() }),
  /** What one turn cost: its model requests and their summed token usage. */
  z.object({
    type: z.literal('turn_usage'),
    id: z.string(),
    turnId: z.string(),
    requests: z.number().int(),
    usage: TokenUsageSchema,
  }),
]);
export type TranscriptItem = z.infer<typeof TranscriptItemSchema>;
export type TranscriptItemType = TranscriptItem['type'];
