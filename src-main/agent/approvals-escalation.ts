/**
 * "Run again outside the sandbox": a command the sandbox blocked is offered to the user, in every
 * approval mode, as a request of its own kind. Only an explicit approve runs it, once, outside;
 * nothing else (a mode, an earlier approve_for_thread, an approved command) ever does.
 */
import type { Gate } from './abortable';
import type { Approvals } from './approvals';
import type { ApprovalGateContext } from './approvals-gate';
import { newCommandItem } from './tools/exec-transcript';
import type { UnsandboxedRequest } from './tools/tool';

export interface EscalationContext extends ApprovalGateContext {
  approvals: Approvals;
  gate: Gate;
}

/** The first line is what the dashboard shows while the thread waits. */
export function unsandboxedReason(request: UnsandboxedRequest): string {
  return `Run outside the sandbox: ${request.command}\nThe sandbox blocked it: ${request.blocked}`;
}

/**
 * True when the user approved running the command outside the sandbox. A denial completes the
 * waiting item as declined. Throws the signal's reason when the turn is aborted while waiting.
 */
export async function askToRunUnsandboxed(ctx: EscalationContext, request: UnsandboxedRequest): Promise<boolean> {
  const { turnId } = ctx;
  const item = newCommandItem(request.itemId, request.command, request.cwd);
  const requestId = `${request.itemId}-approval`;
  ctx.emit({ type: 'item_started', turnId, item });
  ctx.emit({ type: 'approval_requested', turnId, requestId, itemId: item.id, reason: unsandboxedReason(request), kind: 'unsandboxed' });
  let decision;
  try {
    decision = await ctx.approvals.wait(requestId, 'unsandboxed', ctx.signal);
    ctx.emit({ type: 'approval_resolved', turnId, requestId, decision });
    if (decision !== 'deny') await ctx.gate.wait(ctx.signal);
  } catch (error) {
    ctx.emit({ type: 'item_completed', turnId, item: { ...item, status: 'interrupted' } });
    throw error;
  }
  if (decision !== 'deny') return true;
  ctx.emit({ type: 'item_completed', turnId, item: { ...item, status: 'declined' } });
  return false;
}
