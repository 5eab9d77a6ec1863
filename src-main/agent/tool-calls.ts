/**
 * Runs the model's tool calls. Whatever goes wrong with a call (unknown tool, arguments that are
 * not JSON, a tool that throws) becomes text the model reads on its next request: the model can
 * correct itself, and the worker never crashes on a bad call.
 */
import type { AgentEventMsg } from '../../src-shared/protocol/agent';
import { Gate, raceAbort } from './abortable';
import type { Approvals } from './approvals';
import { askToRunUnsandboxed } from './approvals-escalation';
import { gateToolCall } from './approvals-gate';
import type { ModelOutputItem } from './providers/provider';
import type { Tool, ToolDefinition } from './tools/tool';

export type ToolCall = Extract<ModelOutputItem, { type: 'tool_call' }>;

export interface ToolCallContext {
  tools: ReadonlyMap<string, Tool>;
  turnId: string;
  worktreePath: string;
  signal: AbortSignal;
  gate: Gate;
  /** The thread's approval policy; absent means nothing asks (as in full-auto). */
  approvals?: Approvals;
  emit(msg: AgentEventMsg): void;
}

/**
 * What the model is told about a call an interrupt cut short or kept from running: Codex 0.169's
 * words (as its rollout records them), timed as Codex times them, from when the answer's calls
 * were dispatched. Codex words its shell tools' (exec_command, shell_command) differently.
 */
export function abortedToolOutput(toolName: string, seconds: number): string {
  const secs = seconds.toFixed(1);
  return SHELL_TOOLS.has(toolName) ? `Wall time: ${secs} seconds\naborted by user` : `aborted by user after ${secs}s`;
}

const SHELL_TOOLS: ReadonlySet<string> = new Set(['exec_command', 'shell_command']);

/**
 * Runs one answer's calls one after another, in the order the model made them, and reports each
 * output as soon as it exists (so outputs follow the calls' order, each under its call id). When
 * the turn is aborted, every call left without an output gets abortedToolOutput(), because an API
 * rejects a conversation with a call that has no output; then the abort propagates.
 */
export async function runToolCalls(
  calls: readonly ToolCall[],
  ctx: ToolCallContext,
  onOutput: (call: ToolCall, output: string) => void,
  now: () => number = () => performance.now(),
): Promise<void> {
  const dispatched = now();
  let done = 0;
  try {
    for (const call of calls) {
      await ctx.gate.wait(ctx.signal);
      const output = await runToolCall(call, ctx);
      onOutput(call, output);
      done += 1;
    }
  } finally {
    const seconds = (now() - dispatched) / 1000;
    for (const call of calls.slice(done)) onOutput(call, abortedToolOutput(call.name, seconds));
  }
}

export async function runToolCall(call: ToolCall, ctx: ToolCallContext): Promise<string> {
  const tool = ctx.tools.get(call.name);
  if (!tool) {
    const known = [...ctx.tools.keys()].join(', ');
    return reportBadCall(call, ctx, `Unknown tool "${call.name}". The available tools are: ${known}.`);
  }
  const input = toolInput(call, tool.definition);
  if (!input.ok) return reportBadCall(call, ctx, input.error);
  if (ctx.approvals) {
    const denied = await gateToolCall(call.name, input.value, call.callId, { ...ctx, approvals: ctx.approvals });
    if (denied !== null) return denied;
    // A pause that came while the call waited for approval holds it until resume.
    await ctx.gate.wait(ctx.signal);
  }
  const approvals = ctx.approvals;
  const running = tool.run(input.value, {
    turnId: ctx.turnId,
    callId: call.callId,
    worktreePath: ctx.worktreePath,
    signal: ctx.signal,
    emit: ctx.emit,
    ...(approvals ? { askUnsandboxed: (request) => askToRunUnsandboxed({ ...ctx, approvals }, request) } : {}),
  });
  try {
    // A tool that ignores its signal must not hold an interrupted turn open.
    return await raceAbort(running, ctx.signal);
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const message = error instanceof Error ? error.message : String(error);
    return reportBadCall(call, ctx, `The ${call.name} tool failed: ${message}`);
  }
}

type Parsed = { ok: true; value: string } | { ok: false; error: string };

/**
 * The raw text a tool expects. On Chat Completions a free-form tool is called as a function with
 * one `input` string, which is unwrapped here; function arguments are checked to be JSON.
 */
export function toolInput(call: ToolCall, definition: ToolDefinition): Parsed {
  if (definition.kind === 'freeform') {
    if (call.format === 'custom') return { ok: true, value: call.input };
    const parsed = parseJson(call.input);
    if (parsed.ok && isRecord(parsed.value) && typeof parsed.value.input === 'string') {
      return { ok: true, value: parsed.value.input };
    }
    // Models sometimes send the raw text instead of wrapping it; take it as meant.
    if (!parsed.ok) return { ok: true, value: call.input };
    return { ok: false, error: `Invalid arguments for ${call.name}: expected a JSON object {"input": string}.` };
  }
  // Some models send no arguments at all for a call that needs none.
  const args = call.input.trim() === '' ? '{}' : call.input;
  const parsed = parseJson(args);
  if (!parsed.ok) {
    return {
      ok: false,
      error: `Invalid arguments for ${call.name}: not valid JSON (${parsed.error}). Send one JSON object that matches the tool's parameters.`,
    };
  }
  if (!isRecord(parsed.value)) return { ok: false, error: `Invalid arguments for ${call.name}: expected a JSON object.` };
  return { ok: true, value: args };
}

function reportBadCall(call: ToolCall, ctx: ToolCallContext, message: string): string {
  // Not the call id itself: a tool that threw may already own an item with that id.
  const item = { type: 'error' as const, id: `${call.callId}-error`, message };
  ctx.emit({ type: 'item_started', turnId: ctx.turnId, item });
  ctx.emit({ type: 'item_completed', turnId: ctx.turnId, item });
  return message;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
