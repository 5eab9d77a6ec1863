/** Domain types shared by every layer. Pure data: no node, DOM or electron. */
import type { SandboxGrants } from '../protocol/sandbox';

export const THREAD_STATUSES = ['starting', 'working', 'waiting', 'paused', 'done', 'failed', 'interrupted'] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

export interface Usage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export const ZERO_USAGE: Usage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  };
}

export interface DiffStat {
  files: number;
  additions: number;
  deletions: number;
}

export interface ThreadSummary {
  id: string;
  /** The task this thread belongs to; the agents of one task share it. */
  taskId: string;
  /** 1-based position of this agent within its task. */
  agentIndex: number;
  repoPath: string;
  baseBranch: string;
  branch: string;
  worktreePath: string;
  prompt: string;
  status: ThreadStatus;
  /** One line saying what the agent is doing right now ("Running npm test"). */
  activity: string;
  createdAt: number;
  finishedAt: number | null;
  usage: Usage;
  diffStat: DiffStat | null;
  providerLabel: string;
  demo: boolean;
  error: string | null;
  /** Sequence number of the newest event in the thread's log. */
  lastSeq: number;
  /** Messages held for the next turn, editable until delivered. */
  queue: { id: string; text: string }[];
  approvalMode: 'suggest' | 'auto-edit' | 'full-auto';
  /** `kind` is absent in older logs; 'unsandboxed' asks to run a command the sandbox blocked outside it. */
  pendingApproval: { requestId: string; itemId: string; reason: string; kind?: 'command' | 'patch' | 'unsandboxed' | undefined } | null;
  mergeState: 'unmerged' | 'merged' | 'discarded';
  /** Estimated cost in USD from the user's price table; null when the model has no price. */
  costUsd: number | null;
  /** USD per million tokens, from the price table when the thread was created; costUsd follows it. */
  price?: { inputPerMTok: number; cachedInputPerMTok: number; outputPerMTok: number } | null;
  /** What the user allowed this thread's sandbox past the default policy; NO_GRANTS in older logs. */
  sandbox: SandboxGrants;
  /** Time spent in earlier pauses, in ms (absent in older logs: none). */
  pausedMs?: number | undefined;
  /** When the current pause began; null or absent when not paused. */
  pausedAt?: number | null | undefined;
}

export interface RepoInfo {
  path: string;
  name: string;
  currentBranch: string;
  headCommit: string;
}

export function isTerminalStatus(status: ThreadStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'interrupted';
}

/** The summary fields a new thread starts with, beyond its identity and task. */
export const NEW_THREAD_DEFAULTS: Pick<ThreadSummary, 'queue' | 'approvalMode' | 'pendingApproval' | 'mergeState' | 'costUsd' | 'sandbox'> = {
  queue: [],
  // No network, no credential folders: the same as NO_GRANTS, written out to keep this file free of zod.
  sandbox: { network: false, credentials: [] },
  approvalMode: 'full-auto',
  pendingApproval: null,
  mergeState: 'unmerged',
  costUsd: null,
};
