/**
 * Thread events: what a thread's append-only log holds and what clients receive. Agent events
 * from the worker are carried as they are; the fleet adds its own (creation, status, exit, diff).
 * Every event has a per-thread sequence number so a client can ask for "everything after seq N".
 */
import { z } from 'zod';
import { AgentEventMsgSchema, ApprovalKindSchema, ApprovalModeSchema } from './agent';
import { NO_GRANTS, SandboxGrantsSchema } from './sandbox';

export const ThreadStatusSchema = z.enum(['starting', 'working', 'waiting', 'paused', 'done', 'failed', 'interrupted']);

export const QueuedMessageSchema = z.object({ id: z.string(), text: z.string() });

export const PendingApprovalSchema = z.object({
  requestId: z.string(),
  itemId: z.string(),
  reason: z.string(),
  /** Absent in older logs: a command or an edit, told apart by the item. */
  kind: ApprovalKindSchema.optional(),
});

export const MergeStateSchema = z.enum(['unmerged', 'merged', 'discarded']);

export const DiffStatSchema = z.object({
  files: z.number().int(),
  additions: z.number().int(),
  deletions: z.number().int(),
});

export const ThreadSummarySchema = z.object({
  id: z.string(),
  taskId: z.string(),
  agentIndex: z.number().int(),
  repoPath: z.string(),
  baseBranch: z.string(),
  branch: z.string(),
  worktreePath: z.string(),
  prompt: z.string(),
  status: ThreadStatusSchema,
  activity: z.string(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  usage: z.object({
    inputTokens: z.number(),
    cachedInputTokens: z.number(),
    outputTokens: z.number(),
    reasoningTokens: z.number(),
  }),
  diffStat: DiffStatSchema.nullable(),
  providerLabel: z.string(),
  demo: z.boolean(),
  error: z.string().nullable(),
  lastSeq: z.number().int(),
  // Fields added after the first release default, so older logs still load.
  /** Messages held for the next turn, editable until delivered. */
  queue: z.array(QueuedMessageSchema).default([]),
  approvalMode: ApprovalModeSchema.default('full-auto'),
  pendingApproval: PendingApprovalSchema.nullable().default(null),
  mergeState: MergeStateSchema.default('unmerged'),
  /** Estimated cost in USD from the user's price table; null when the model has no price. */
  costUsd: z.number().nullable().default(null),
  /** USD per million tokens, from the price table when the thread was created; costUsd follows it. */
  price: z.object({ inputPerMTok: z.number(), cachedInputPerMTok: z.number(), outputPerMTok: z.number() }).nullable().optional(),
  /** What the user allowed this thread's sandbox past the default policy (network, credential folders). */
  sandbox: SandboxGrantsSchema.default(NO_GRANTS),
  /** Time spent paused before the current pause, in ms; the elapsed time leaves it out. */
  pausedMs: z.number().optional(),
  /** When the current pause began; null or absent when not paused. */
  pausedAt: z.number().nullable().optional(),
});

const FleetEventMsgSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('thread_created'), thread: ThreadSummarySchema }),
  z.object({
    type: z.literal('status_changed'),
    status: ThreadStatusSchema,
    activity: z.string(),
    error: z.string().nullable(),
  }),
  z.object({
    type: z.literal('user_message'),
    text: z.string(),
    delivery: z.enum(['new_turn', 'steer', 'queue']),
    messageId: z.string().optional(),
  }),
  /** A sent message's life: queued, edited, delivered to the agent, or dropped by the user. */
  z.object({
    type: z.literal('message_state'),
    messageId: z.string(),
    state: z.enum(['queued', 'edited', 'delivered', 'dropped']),
    text: z.string(),
  }),
  z.object({ type: z.literal('worker_exited'), code: z.number().nullable(), signal: z.string().nullable() }),
  z.object({ type: z.literal('diff_stat'), diffStat: DiffStatSchema }),
  /** The thread's work was merged into its base branch, or its worktree and branch were discarded. */
  z.object({ type: z.literal('merge_state'), mergeState: MergeStateSchema }),
  /** The worktree after a turn was saved as a checkpoint (see thread.checkpoints). */
  z.object({ type: z.literal('checkpoint'), turn: z.number().int(), ref: z.string(), commit: z.string() }),
  /** thread.setApprovalMode: applies from the next tool call on. */
  z.object({ type: z.literal('approval_mode_changed'), mode: ApprovalModeSchema }),
  /** thread.setSandbox: applies when the thread's shell next starts (a sandbox's namespaces are fixed). */
  z.object({ type: z.literal('sandbox_changed'), grants: SandboxGrantsSchema }),
]);

export const ThreadEventMsgSchema = z.union([AgentEventMsgSchema, FleetEventMsgSchema]);
export type ThreadEventMsg = z.infer<typeof ThreadEventMsgSchema>;

export const ThreadEventSchema = z.object({
  threadId: z.string(),
  seq: z.number().int(),
  ts: z.number(),
  msg: ThreadEventMsgSchema,
});
export type ThreadEvent = z.infer<typeof ThreadEventSchema>;
