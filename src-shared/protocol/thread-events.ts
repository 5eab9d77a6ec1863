/**
 * Thread events: what a thread's append-only log holds and what clients receive. Agent events
 * from the worker are carried as they are; the fleet adds its own (creation, status, exit, diff).
 * Every event has a per-thread sequence number so a client can ask for "everything after seq N".
 */
import { z } from 'zod';
import { MERGE_STATES, THREAD_STATUSES } from '../domain/thread';
import { AgentEventMsgSchema, AgentKindSchema, ApprovalKindSchema, ApprovalModeSchema, CodexSetupSchema } from './agent';
import { NO_GRANTS, SandboxGrantsSchema } from './sandbox';
import { ModelPriceSchema, TokenUsageSchema } from './usage';

export const ThreadStatusSchema = z.enum(THREAD_STATUSES);
export type ThreadStatus = z.infer<typeof ThreadStatusSchema>;

export const QueuedMessageSchema = z.object({ id: z.string(), text: z.string() });
export type QueuedMessage = z.infer<typeof QueuedMessageSchema>;

export const PendingApprovalSchema = z.object({
  requestId: z.string(),
  itemId: z.string(),
  reason: z.string(),
  /** Absent in older logs: a command or an edit, told apart by the item. */
  kind: ApprovalKindSchema.optional(),
});
export type PendingApproval = z.infer<typeof PendingApprovalSchema>;

export const MergeStateSchema = z.enum(MERGE_STATES);
export type MergeState = z.infer<typeof MergeStateSchema>;

export const DiffStatSchema = z.object({
  files: z.number().int(),
  additions: z.number().int(),
  deletions: z.number().int(),
});
export type DiffStat = z.infer<typeof DiffStatSchema>;

/** A thread held back by max agents (a fleet-wide limit on agents running at once): how full the fleet was when it last looked. */
export const SlotWaitSchema = z.object({ running: z.number().int(), max: z.number().int() });
export type SlotWait = z.infer<typeof SlotWaitSchema>;

export const ThreadSummarySchema = z.object({
  id: z.string(),
  /** The task this thread belongs to; the agents of one task share it. */
  taskId: z.string(),
  /** 1-based position of this agent within its task. */
  agentIndex: z.number().int(),
  repoPath: z.string(),
  baseBranch: z.string(),
  branch: z.string(),
  worktreePath: z.string(),
  prompt: z.string(),
  status: ThreadStatusSchema,
  /** One line saying what the agent is doing right now ("Running npm test"). */
  activity: z.string(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  usage: TokenUsageSchema,
  diffStat: DiffStatSchema.nullable(),
  providerLabel: z.string(),
  demo: z.boolean(),
  error: z.string().nullable(),
  /** Sequence number of the newest event in the thread's log. */
  lastSeq: z.number().int(),
  // Fields added after the first release default, so older logs still load.
  /** Messages held for the next turn, editable until delivered. */
  queue: z.array(QueuedMessageSchema).default([]),
  approvalMode: ApprovalModeSchema.default('full-auto'),
  /** The mode the thread was created with, which its agent's environment context keeps stating. */
  contextApprovalMode: ApprovalModeSchema.optional(),
  pendingApproval: PendingApprovalSchema.nullable().default(null),
  mergeState: MergeStateSchema.default('unmerged'),
  /** Estimated cost in USD from the user's price table; null when the model has no price. */
  costUsd: z.number().nullable().default(null),
  /** USD per million tokens, from the price table when the thread was created; costUsd follows it. */
  price: ModelPriceSchema.nullable().optional(),
  /** What the user allowed this thread's sandbox past the default policy (network, credential folders). */
  sandbox: SandboxGrantsSchema.default(NO_GRANTS),
  /** Time spent paused before the current pause, in ms; the elapsed time leaves it out. */
  pausedMs: z.number().optional(),
  /** When the current pause began; null or absent when not paused. */
  pausedAt: z.number().nullable().optional(),
  /** The remote host this thread runs on (`flotilla hosts`), on a dashboard that shows many; absent for the local fleet's. */
  host: z.string().optional(),
  /** Which agent runs the thread: the built-in loop or the Codex CLI (docs/codex-agent.md). */
  agent: AgentKindSchema.default('builtin'),
  /** A Codex thread's task chose whose Codex setup it runs on; absent: settings' codexSetup at each worker start. */
  codexSetup: CodexSetupSchema.optional(),
  /** The worktree's size on disk in bytes (its files, not the shared git objects); absent until measured. */
  worktreeBytes: z.number().nullable().optional(),
  /** Archived: its worktree removed (teardown run), its branch and checkpoints kept; thread.restore brings it back. */
  archived: z.boolean().optional(),
  /** Set while the thread (setting up, nothing made yet) waits for a running agent to finish; absent otherwise. */
  slotWait: SlotWaitSchema.optional(),
});
/** A summary as the fleet keeps and sends it: the fields that default in older logs are filled in. */
export type ThreadSummary = z.infer<typeof ThreadSummarySchema>;
type SummaryInput = z.input<typeof ThreadSummarySchema>;
/** The fields an older log may lack and the schema fills in: what NEW_THREAD_DEFAULTS must give. */
export type DefaultedSummaryField = {
  [K in keyof SummaryInput & keyof ThreadSummary]-?: undefined extends SummaryInput[K] ? (undefined extends ThreadSummary[K] ? never : K) : never;
}[keyof SummaryInput & keyof ThreadSummary];

export const MessageStateSchema = z.enum(['queued', 'edited', 'delivered', 'dropped']);
export type MessageState = z.infer<typeof MessageStateSchema>;

const FleetEventMsgSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('thread_created'), thread: ThreadSummarySchema }),
  z.object({
    type: z.literal('status_changed'),
    status: ThreadStatusSchema,
    activity: z.string(),
    error: z.string().nullable(),
    /** With status setting_up: the thread waits for a slot (max agents); any status_changed without it ends the wait. */
    slotWait: SlotWaitSchema.optional(),
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
    state: MessageStateSchema,
    text: z.string(),
  }),
  z.object({ type: z.literal('worker_exited'), code: z.number().nullable(), signal: z.string().nullable() }),
  z.object({ type: z.literal('diff_stat'), diffStat: DiffStatSchema }),
  /** The thread's work was merged into its base branch, or its worktree and branch were discarded. */
  z.object({ type: z.literal('merge_state'), mergeState: MergeStateSchema }),
  /** The worktree's size on disk (measured in the background); null once it is gone. */
  z.object({ type: z.literal('worktree_size'), bytes: z.number().nullable() }),
  /** thread.archive removed the worktree (branch and checkpoints kept), or thread.restore made it again. */
  z.object({ type: z.literal('archive_state'), archived: z.boolean() }),
  /** The worktree after a turn was saved as a checkpoint (see thread.checkpoints). */
  z.object({ type: z.literal('checkpoint'), turn: z.number().int(), ref: z.string(), commit: z.string() }),
  /** thread.setApprovalMode: applies from the next tool call on. */
  z.object({ type: z.literal('approval_mode_changed'), mode: ApprovalModeSchema }),
  /** thread.setSandbox: applies when the thread's shell next starts (a sandbox's namespaces are fixed). */
  z.object({ type: z.literal('sandbox_changed'), grants: SandboxGrantsSchema }),
]);

// One discriminated union: a malformed event is reported by its own type's schema, not as "no union member matched".
export const ThreadEventMsgSchema = z.discriminatedUnion('type', [AgentEventMsgSchema, FleetEventMsgSchema]);
export type ThreadEventMsg = z.infer<typeof ThreadEventMsgSchema>;

export const ThreadEventSchema = z.object({
  threadId: z.string(),
  seq: z.number().int(),
  ts: z.number(),
  msg: ThreadEventMsgSchema,
});
export type ThreadEvent = z.infer<typeof ThreadEventSchema>;
