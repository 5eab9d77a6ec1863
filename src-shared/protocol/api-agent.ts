/** Client API: the agent's approvals and settings per thread. */
import { z } from 'zod';
import { ApprovalDecisionSchema, ApprovalModeSchema, ModelApiSchema } from './agent';
import { lazyCommand } from './lazy-command';

const Empty = z.object({});

export const ProviderInfoSchema = z.object({ label: z.string(), api: ModelApiSchema, model: z.string() });
export type ProviderInfo = z.infer<typeof ProviderInfoSchema>;

export const agentCommands = {
  'thread.approve': lazyCommand(() => ({
    params: z.object({ threadId: z.string(), requestId: z.string(), decision: ApprovalDecisionSchema }),
    result: Empty,
  })),
  /** Takes effect at the next tool call; recorded in the transcript, never edited into the prompt prefix. */
  'thread.setApprovalMode': lazyCommand(() => ({ params: z.object({ threadId: z.string(), mode: ApprovalModeSchema }), result: Empty })),
} as const;
