/**
 * Where a tool call meets the approval policy, before the tool runs. A call that must wait shows
 * its item first (item_started, so the UI can show the command or the diff), then raises
 * approval_requested and waits, spending no tokens, until the user answers or the turn is aborted.
 */
import { resolve } from 'node:path';
import type { AgentEventMsg } from '../../src-shared/protocol/agent';
import type { TranscriptItem } from '../../src-shared/protocol/items';
import { type ApprovalKind, type Approvals, DENIED_OUTPUT } from './approvals';
import { unwrapFunctionInput } from './tools/apply-patch-tool';
import { parsePatch } from './tools/apply-patch/parse';
import { describeOp } from './tools/apply-patch/plan';
import { parseExecArgs } from './tools/exec-args';
import { newCommandItem } from './tools/exec-transcript';

export interface ApprovalGateContext {
  approvals: Approvals;
  turnId: string;
  worktreePath: string;
  signal: AbortSignal;
  emit(msg: AgentEventMsg): void;
}

type GatedItem = Extract<TranscriptItem, { type: 'command' | 'patch' }>;

interface Subject {
  kind: ApprovalKind;
  item: GatedItem;
  /** The command line for a command; the first line the UI shows for either. */
  reason: string;
}

/**
 * Null when the call may run now (no approval needed, or approved); otherwise what the model is
 * told. Throws the signal's reason when the turn is aborted while waiting.
 */
export async function gateToolCall(name: string, input: string, callId: string, ctx: ApprovalGateContext): Promise<string | null> {
  const subject = describeCall(name, input, callId, ctx.worktreePath);
  // A call whose input does not parse runs, so that the tool reports the problem to the model.
  if (!subject || !ctx.approvals.needsApproval(subject.kind, subject.reason)) return null;
  const { turnId } = ctx;
  const requestId = `${callId}-approval`;
  ctx.emit({ type: 'item_started', turnId, item: subject.item });
  ctx.emit({ type: 'approval_requested', turnId, requestId, itemId: subject.item.id, reason: subject.reason, kind: subject.kind });
  let decision;
  try {
    decision = await ctx.approvals.wait(requestId, subject.kind, ctx.signal);
  } catch (error) {
    ctx.emit({ type: 'item_completed', turnId, item: { ...subject.item, status: 'interrupted' } });
    throw error;
  }
  ctx.emit({ type: 'approval_resolved', turnId, requestId, decision });
  if (decision !== 'deny') return null;
  ctx.emit({ type: 'item_completed', turnId, item: { ...subject.item, status: 'declined' } });
  return DENIED_OUTPUT[subject.kind];
}

/** The item the call will produce, as far as its input tells; null for tools that never ask. */
function describeCall(name: string, input: string, callId: string, worktreePath: string): Subject | null {
  if (name === 'exec_command') {
    const args = parseExecArgs(input);
    if (!args.ok) return null;
    const cwd = resolve(worktreePath, args.value.workdir ?? '.');
    return { kind: 'command', item: newCommandItem(callId, args.value.cmd, cwd), reason: args.value.cmd };
  }
  if (name === 'apply_patch') {
    const unwrapped = unwrapFunctionInput(input);
    if (!unwrapped.ok) return null;
    const parsed = parsePatch(unwrapped.patch);
    const changes = parsed.ok ? parsed.ops.map(describeOp) : [];
    const item: GatedItem = { type: 'patch', id: callId, patch: unwrapped.patch, changes, error: null, status: 'in_progress' };
    const paths = changes.map((change) => change.path).join(', ');
    return { kind: 'patch', item, reason: paths ? `Edit ${paths}` : 'Apply a patch' };
  }
  // write_stdin talks to a command that was already approved; update_plan changes nothing.
  return null;
}
