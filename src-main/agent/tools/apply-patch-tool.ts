/**
 * The `apply_patch` tool: a freeform (grammar-constrained) tool on the Responses API, and a
 * function tool with one `input` string on Chat Completions. Either way the patch is applied in
 * the thread's worktree and reported as one `patch` transcript item.
 */
import type { PatchFileChange, TranscriptItem } from '../../../src-shared/protocol/items';
import { applyPatch } from './apply-patch/apply';
import { NOT_RESTORED } from './apply-patch/commit';
import { APPLY_PATCH_LARK_GRAMMAR } from './apply-patch/grammar';
import { parsePatch } from './apply-patch/parse';
import { describeOp } from './apply-patch/plan';
import type { Tool, ToolContext, ToolDefinition } from './tool';

const DESCRIPTION = `Use the \`apply_patch\` tool to edit files. A patch is a file-oriented diff:

*** Begin Patch
*** Add File: <path>          create a file; every following line is a + line of its contents
*** Delete File: <path>       delete a file; nothing follows
*** Update File: <path>       change a file, optionally renamed by a next line "*** Move to: <new path>"
@@ <optional header>          starts a hunk; lines start with ' ' (context), '-' (remove), '+' (add)
*** End of File               optional, after a hunk that must match at the end of the file
*** End Patch

Show about 3 lines of context above and below each change. If that is not unique, add the class
or function the change is in as the @@ header ("@@ class Foo"); one @@ line per hunk. Paths are
relative to the worktree root, never absolute. The patch applies entirely or not at all.`;

export const APPLY_PATCH_FUNCTION_DEFINITION: ToolDefinition = {
  kind: 'function',
  name: 'apply_patch',
  description: DESCRIPTION,
  parameters: {
    type: 'object',
    properties: {
      input: { type: 'string', description: 'The entire contents of the apply_patch command' },
    },
    required: ['input'],
    additionalProperties: false,
  },
};

export function createApplyPatchTool(): Tool {
  return {
    definition: { kind: 'freeform', name: 'apply_patch', description: DESCRIPTION, grammar: APPLY_PATCH_LARK_GRAMMAR },
    run: runApplyPatch,
  };
}


async function runApplyPatch(input: string, ctx: ToolContext): Promise<string> {
  const unwrapped = unwrapFunctionInput(input);
  const patch = unwrapped.ok ? unwrapped.patch : input;
  const item = (fields: Pick<PatchItem, 'changes' | 'error' | 'status'>): PatchItem => ({
    type: 'patch',
    id: ctx.callId,
    patch,
    ...fields,
  });
  ctx.emit({ type: 'item_started', turnId: ctx.turnId, item: item({ changes: previewChanges(patch), error: null, status: 'in_progress' }) });
  if (ctx.signal.aborted) {
    const error = 'Interrupted before the patch was applied.';
    ctx.emit({ type: 'item_completed', turnId: ctx.turnId, item: item({ changes: [], error, status: 'interrupted' }) });
    return 'apply_patch was interrupted; no file was changed.';
  }
  const result = unwrapped.ok ? await applySafely(ctx.worktreePath, patch) : unwrapped;
  if (result.ok) {
    ctx.emit({ type: 'item_completed', turnId: ctx.turnId, item: item({ changes: result.changes, error: null, status: 'completed' }) });
    return result.summary;
  }
  ctx.emit({ type: 'item_completed', turnId: ctx.turnId, item: item({ changes: [], error: result.error, status: 'failed' }) });
  const outcome = result.error.includes(NOT_RESTORED) ? 'some files may be left changed' : 'no file was changed';
  return `apply_patch failed; ${outcome}.\n${result.error}`;
}

type PatchItem = Extract<TranscriptItem, { type: 'patch' }>;

/** Chat Completions sends `{"input": "<patch>"}`; the freeform tool sends the patch itself. */
export function unwrapFunctionInput(input: string): { ok: true; patch: string } | { ok: false; error: string } {
  if (!input.trimStart().startsWith('{')) return { ok: true, patch: input };
  let value: unknown;
  try {
    value = JSON.parse(input);
  } catch (err) {
    return { ok: false, error: `The arguments are not valid JSON (${(err as Error).message}).` };
  }
  if (typeof value === 'object' && value !== null && typeof (value as { input?: unknown }).input === 'string') {
    return { ok: true, patch: (value as { input: string }).input };
  }
  return { ok: false, error: 'Expected the arguments {"input": "<the patch text>"}.' };
}

async function applySafely(root: string, patch: string): ReturnType<typeof applyPatch> {
  try {
    return await applyPatch(root, patch);
  } catch (err) {
    // A bug or an unexpected filesystem error must reach the model, not crash the worker.
    return { ok: false, error: `Unexpected error: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** What the patch says it will do, before it is applied. */
function previewChanges(patch: string): PatchFileChange[] {
  const parsed = parsePatch(patch);
  return parsed.ok ? parsed.ops.map(describeOp) : [];
}
