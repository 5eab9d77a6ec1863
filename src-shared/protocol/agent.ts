/**
 * Fleet <-> worker protocol: "op in, event out", after Codex's Submission{id, op} / Event{id, msg}.
 * The fleet sends submissions; the worker answers with events whose `id` is the submission that
 * caused them. Both directions are validated with these schemas at the process boundary.
 */
import { z } from 'zod';
import { TranscriptItemSchema } from './items';

export const APPROVAL_MODES = ['suggest', 'auto-edit', 'full-auto'] as const;
export const ApprovalModeSchema = z.enum(APPROVAL_MODES);
export type ApprovalMode = z.infer<typeof ApprovalModeSchema>;

export const ModelApiSchema = z.enum(['responses', 'chat']);
export type ModelApi = z.infer<typeof ModelApiSchema>;

export const ModelConfigSchema = z.object({
  api: ModelApiSchema,
  baseUrl: z.string(),
  /** Resolved key. Travels only over the worker channel; never logged, never in an event. */
  apiKey: z.string(),
  model: z.string(),
  reasoningEffort: z.enum(['minimal', 'low', 'medium', 'high']).nullable(),
});
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

export const WorkerConfigSchema = z.object({
  threadId: z.string(),
  worktreePath: z.string(),
  /** The repository root the worktree belongs to (for AGENTS.md discovery). */
  repoRoot: z.string(),
  model: ModelConfigSchema,
  approvalMode: ApprovalModeSchema,
  /** Contents of the user-level AGENTS.md from the data dir, if any. */
  userInstructions: z.string().nullable(),
});
export type WorkerConfig = z.infer<typeof WorkerConfigSchema>;

export const ApprovalDecisionSchema = z.enum(['approve', 'deny', 'approve_for_thread']);
export type ApprovalDecision = z.infer<typeof ApprovalDecisionSchema>;

export const AgentOpSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('configure'), config: WorkerConfigSchema }),
  z.object({ type: z.literal('user_input'), text: z.string() }),
  z.object({ type: z.literal('steer'), text: z.string() }),
  z.object({ type: z.literal('interrupt') }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('approval_decision'), requestId: z.string(), decision: ApprovalDecisionSchema }),
  z.object({ type: z.literal('shutdown') }),
]);
export type AgentOp = z.infer<typeof AgentOpSchema>;

export const SubmissionSchema = z.object({ id: z.string(), op: AgentOpSchema });
export type Submission = z.infer<typeof SubmissionSchema>;

export const UsageSchema = z.object({
  inputTokens: z.number(),
  cachedInputTokens: z.number(),
  outputTokens: z.number(),
  reasoningTokens: z.number(),
});

export const AgentErrorCodeSchema = z.enum([
  'auth_failed',
  'model_not_found',
  'rate_limited',
  'server_error',
  'model_unreachable',
  'stream_failed',
  'bad_config',
  'internal',
]);
export type AgentErrorCode = z.infer<typeof AgentErrorCodeSchema>;

export const AgentEventMsgSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number().int(), shell: z.string(), sandbox: z.string() }),
  z.object({ type: z.literal('turn_started'), turnId: z.string() }),
  z.object({ type: z.literal('item_started'), turnId: z.string(), item: TranscriptItemSchema }),
  z.object({
    type: z.literal('item_delta'),
    turnId: z.string(),
    itemId: z.string(),
    /** `text` appends to a message's text; `output` appends to a command's output. */
    stream: z.enum(['text', 'output']),
    delta: z.string(),
  }),
  z.object({ type: z.literal('item_completed'), turnId: z.string(), item: TranscriptItemSchema }),
  z.object({
    type: z.literal('approval_requested'),
    turnId: z.string(),
    requestId: z.string(),
    itemId: z.string(),
    reason: z.string(),
  }),
  z.object({ type: z.literal('usage'), turnId: z.string(), usage: UsageSchema }),
  z.object({ type: z.literal('turn_completed'), turnId: z.string(), summary: z.string().nullable() }),
  z.object({
    type: z.literal('turn_aborted'),
    turnId: z.string(),
    reason: z.enum(['interrupted', 'error', 'shutdown']),
  }),
  z.object({
    type: z.literal('error'),
    code: AgentErrorCodeSchema,
    message: z.string(),
    /** True when the worker will retry on its own; false when the turn gave up. */
    willRetry: z.boolean(),
  }),
]);
export type AgentEventMsg = z.infer<typeof AgentEventMsgSchema>;

export const AgentEventSchema = z.object({ id: z.string(), msg: AgentEventMsgSchema });
export type AgentEvent = z.infer<typeof AgentEventSchema>;
