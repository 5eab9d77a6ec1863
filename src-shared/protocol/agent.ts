/**
 * Fleet <-> worker protocol: "op in, event out", after Codex's Submission{id, op} / Event{id, msg}.
 * The fleet sends submissions; the worker answers with events whose `id` is the submission that
 * caused them. Both directions are validated with these schemas at the process boundary.
 */
import { z } from 'zod';
import { ConversationSchema } from './conversation';
import { TranscriptItemSchema } from './items';
import { SandboxPolicySchema } from './sandbox';
import { TokenUsageSchema } from './usage';

export const APPROVAL_MODES = ['suggest', 'auto-edit', 'full-auto'] as const;
export const ApprovalModeSchema = z.enum(APPROVAL_MODES);
export type ApprovalMode = z.infer<typeof ApprovalModeSchema>;

export const ModelApiSchema = z.enum(['responses', 'chat']);
export type ModelApi = z.infer<typeof ModelApiSchema>;

export const REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high'] as const;
export const ReasoningEffortSchema = z.enum(REASONING_EFFORTS);
export type ReasoningEffort = z.infer<typeof ReasoningEffortSchema>;

export const ModelConfigSchema = z.object({
  api: ModelApiSchema,
  baseUrl: z.string(),
  /** Resolved key. Travels only over the worker channel; never logged, never in an event. */
  apiKey: z.string(),
  model: z.string(),
  reasoningEffort: ReasoningEffortSchema.nullable(),
});
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

/** Which agent runs a thread: Flotilla's own loop, or the Codex CLI through `codex app-server`. */
export const AGENT_KINDS = ['builtin', 'codex'] as const;
export const AgentKindSchema = z.enum(AGENT_KINDS);
export type AgentKind = z.infer<typeof AgentKindSchema>;

/** Where a Codex thread's login and config come from: Flotilla's provider, or the user's own Codex setup. */
export const CODEX_SETUPS = ['flotilla', 'mine'] as const;
export const CodexSetupSchema = z.enum(CODEX_SETUPS);
export type CodexSetup = z.infer<typeof CodexSetupSchema>;

export const CodexWorkerConfigSchema = z.object({
  /** The thread's own CODEX_HOME, under Flotilla's data dir (Codex refuses one under /tmp). */
  home: z.string(),
  /** The codex binary from settings; absent: PATH, then the bundled @openai/codex. */
  path: z.string().optional(),
  /** "mine": the user's CODEX_HOME, whose auth.json and config.toml the thread's CODEX_HOME takes. */
  userHome: z.string().optional(),
});

export const WorkerConfigSchema = z.object({
  threadId: z.string(),
  worktreePath: z.string(),
  /** The repository root the worktree belongs to (for AGENTS.md discovery). */
  repoRoot: z.string(),
  model: ModelConfigSchema,
  approvalMode: ApprovalModeSchema,
  /**
   * The mode the thread's environment context states: its mode when it was created. A worker
   * builds its prefix with it, so the prefix never changes with the mode, and appends a message
   * when `approvalMode` differs from what the model was last told. Absent: `approvalMode`.
   */
  contextApprovalMode: ApprovalModeSchema.optional(),
  /** Contents of the user-level AGENTS.md from the data dir, if any. */
  userInstructions: z.string().nullable(),
  /**
   * The conversation so far, as `history_appended` events reported it, replayed by a new worker
   * so a thread resumes with its full history after a crash or a restart.
   */
  history: ConversationSchema.optional(),
  /** A turn still running after this long is stopped with an error. Absent: no limit. */
  turnTimeoutMinutes: z.number().positive().optional(),
  /** A command still running after this long is killed and reported as timed out. */
  commandTimeoutSeconds: z.number().positive().optional(),
  /**
   * When to compact the conversation: the model's context window in tokens, and the fraction of
   * it a request's input may reach. Absent fields take the defaults (128k tokens, 0.9).
   */
  compaction: z
    .object({ contextWindow: z.number().int().positive().optional(), threshold: z.number().gt(0).lte(1).optional() })
    .optional(),
  /**
   * What the worker wraps its shell (and so every agent command) in. The fleet always sets it;
   * kind 'none' only where no sandbox works and the user opted in to unsandboxed work.
   */
  sandbox: SandboxPolicySchema.optional(),
  /**
   * Variables the user named in settings (`agentEnv`) with their values, resolved by the fleet:
   * the agent's environment is an allow-list, never the server's environment less a deny-list.
   */
  agentEnv: z.record(z.string(), z.string()).optional(),
  /** Absent: the built-in agent. */
  agent: AgentKindSchema.optional(),
  /** Required when `agent` is 'codex'. */
  codex: CodexWorkerConfigSchema.optional(),
});
export type WorkerConfig = z.infer<typeof WorkerConfigSchema>;

export const ApprovalKindSchema = z.enum(['command', 'patch', 'unsandboxed']);
export type ApprovalKind = z.infer<typeof ApprovalKindSchema>;

export const ApprovalDecisionSchema = z.enum(['approve', 'deny', 'approve_for_thread']);
export type ApprovalDecision = z.infer<typeof ApprovalDecisionSchema>;

export const AgentOpSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('configure'), config: WorkerConfigSchema }),
  z.object({
    type: z.literal('user_input'),
    text: z.string(),
    /** The fleet's message id; the worker uses it as the user_message item's id. */
    messageId: z.string().optional(),
    /** Messages held for this turn, delivered before `text`, each as its own user message. */
    held: z.array(z.object({ messageId: z.string(), text: z.string() })).optional(),
  }),
  z.object({ type: z.literal('steer'), text: z.string(), messageId: z.string().optional() }),
  z.object({ type: z.literal('interrupt') }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('approval_decision'), requestId: z.string(), decision: ApprovalDecisionSchema }),
  /** Takes effect at the next tool call; the model is told by a message appended to the conversation. */
  z.object({ type: z.literal('set_approval_mode'), mode: ApprovalModeSchema }),
  z.object({ type: z.literal('shutdown') }),
  /** What the user types into the agent's terminal: it runs in the agent's contained shell. */
  z.object({ type: z.literal('terminal_input'), data: z.string() }),
  z.object({ type: z.literal('terminal_resize'), cols: z.number().int().positive(), rows: z.number().int().positive() }),
  /** Flow control: the fleet's consumers fell behind (paused) or caught up; the worker stops or resumes reading the pty. */
  z.object({ type: z.literal('terminal_flow'), paused: z.boolean() }),
]);
export type AgentOp = z.infer<typeof AgentOpSchema>;

export const SubmissionSchema = z.object({ id: z.string(), op: AgentOpSchema });
export type Submission = z.infer<typeof SubmissionSchema>;

export const AgentErrorCodeSchema = z.enum([
  'auth_failed',
  'model_not_found',
  'rate_limited',
  'server_error',
  'model_unreachable',
  'stream_failed',
  'bad_config',
  'timed_out',
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
    /**
     * What waits: a command (exec_command), an edit (apply_patch), or a command the sandbox blocked,
     * to be run once more outside it ('unsandboxed', asked in every mode). The item is already started.
     */
    kind: ApprovalKindSchema.optional(),
  }),
  /** The user's answer to an approval request reached the agent; the item then runs or is declined. */
  z.object({
    type: z.literal('approval_resolved'),
    turnId: z.string(),
    requestId: z.string(),
    decision: ApprovalDecisionSchema,
  }),
  z.object({ type: z.literal('usage'), turnId: z.string(), usage: TokenUsageSchema }),
  /**
   * The agent's own diff of the turn changed (Codex's turn/diff/updated): the fleet re-measures
   * the worktree's files-changed count. It carries no diff and is never logged.
   */
  z.object({ type: z.literal('turn_diff_updated'), turnId: z.string() }),
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
  /**
   * Items the loop appended to the conversation, in order. Persisted in the thread's log for a
   * future worker's `configure.history`; never shown to clients.
   */
  z.object({
    type: z.literal('history_appended'),
    items: ConversationSchema,
    /** Set by a compaction: these items replace everything reported before, instead of adding to it. */
    replace: z.boolean().optional(),
  }),
]);
export type AgentEventMsg = z.infer<typeof AgentEventMsgSchema>;

export const AgentEventSchema = z.object({ id: z.string(), msg: AgentEventMsgSchema });
export type AgentEvent = z.infer<typeof AgentEventSchema>;

/**
 * The agent's terminal, worker -> fleet, outside the event stream: its output would bloat the
 * thread's log, so the fleet keeps it in a headless screen instead of journalling it.
 */
export const WorkerTerminalMsgSchema = z.discriminatedUnion('type', [
  /** Raw terminal data, markers stripped: what a terminal view shows. */
  z.object({ type: z.literal('output'), data: z.string() }),
  /** `userCommand`: a command the user typed runs; `agentWaiting`: the agent's next command waits for it. */
  z.object({ type: z.literal('state'), userCommand: z.boolean(), agentWaiting: z.boolean() }),
]);
export type WorkerTerminalMsg = z.infer<typeof WorkerTerminalMsgSchema>;

export const WorkerTerminalEventSchema = z.object({ kind: z.literal('terminal'), msg: WorkerTerminalMsgSchema });
export type WorkerTerminalEvent = z.infer<typeof WorkerTerminalEventSchema>;
