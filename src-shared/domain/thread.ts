/**
 * Domain types shared by every layer. Pure data: no node, DOM or electron, and no zod at run
 * time. Each type that crosses a boundary comes from its schema in ../protocol (type imports
 * only), so a field added to the schema is a field of the type, never one side alone.
 */
import type { DefaultedSummaryField, ThreadStatus, ThreadSummary } from '../protocol/thread-events';
import type { TokenUsage } from '../protocol/usage';

export type { TokenUsage as Usage } from '../protocol/usage';
export type { DiffStat, MergeState, PendingApproval, QueuedMessage, ThreadStatus, ThreadSummary } from '../protocol/thread-events';
export type { RepoInfo } from '../protocol/api';

// Values the schemas are built from: here, so this file stays free of zod at run time.
// setting_up: the thread exists, its worktree is being made (and its setup run); no agent yet.
export const THREAD_STATUSES = ['setting_up', 'starting', 'working', 'waiting', 'paused', 'done', 'failed', 'interrupted'] as const;
export const MERGE_STATES = ['unmerged', 'merged', 'discarded'] as const;

export const ZERO_USAGE: TokenUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  };
}

export function isTerminalStatus(status: ThreadStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'interrupted';
}

/**
 * The summary fields a new thread starts with, beyond its identity and task: exactly the fields
 * the schema defaults for older logs, so a field added there with a default must be added here.
 */
export const NEW_THREAD_DEFAULTS: Pick<ThreadSummary, DefaultedSummaryField> = {
  queue: [],
  // No network, no credential folders: the same as NO_GRANTS, written out to keep this file free of zod.
  sandbox: { network: false, credentials: [] },
  approvalMode: 'full-auto',
  pendingApproval: null,
  mergeState: 'unmerged',
  costUsd: null,
  agent: 'builtin',
};
