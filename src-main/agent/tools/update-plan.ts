/**
 * update_plan, with Codex's name and schema: the model keeps a short step list up to date. The
 * plan changes nothing in the worktree; it becomes a `plan` item in the transcript, and the model
 * is told only "Plan updated", as in Codex.
 */
import { z } from 'zod';
import { PlanStepSchema } from '../../../src-shared/protocol/items';
import type { Tool, ToolContext, ToolDefinition } from './tool';

export const PLAN_UPDATED = 'Plan updated';

export const UPDATE_PLAN_DEFINITION: ToolDefinition = {
  kind: 'function',
  name: 'update_plan',
  description: [
    'Updates the task plan.',
    'Provide an optional explanation and a list of plan items, each with a step and status.',
    'At most one step can be in_progress at a time.',
  ].join('\n'),
  parameters: {
    type: 'object',
    properties: {
      explanation: { type: 'string' },
      plan: {
        type: 'array',
        description: 'The list of steps',
        items: {
          type: 'object',
          properties: {
            step: { type: 'string' },
            status: { type: 'string', description: 'One of: pending, in_progress, completed' },
          },
          required: ['step', 'status'],
          additionalProperties: false,
        },
      },
    },
    required: ['plan'],
    additionalProperties: false,
  },
};

// Chat Completions models in strict mode send null for an omitted optional field.
const UpdatePlanArgsSchema = z.object({
  explanation: z.string().nullish(),
  plan: z.array(PlanStepSchema),
});

export function createUpdatePlanTool(): Tool {
  return { definition: UPDATE_PLAN_DEFINITION, run: async (input, ctx) => updatePlan(input, ctx) };
}

function updatePlan(input: string, ctx: ToolContext): string {
  const parsed = UpdatePlanArgsSchema.safeParse(parseJson(input));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return `Invalid arguments for update_plan (${issues}). Send {"explanation"?: string, "plan": [{"step": string, "status": "pending" | "in_progress" | "completed"}]}.`;
  }
  const item = {
    type: 'plan' as const,
    id: ctx.callId,
    explanation: parsed.data.explanation ?? null,
    steps: parsed.data.plan,
  };
  ctx.emit({ type: 'item_started', turnId: ctx.turnId, item });
  ctx.emit({ type: 'item_completed', turnId: ctx.turnId, item });
  return PLAN_UPDATED;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
