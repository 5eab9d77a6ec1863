/**
 * The seam between the agent loop and its tools. A tool declares itself once and is rendered
 * for either provider API; the loop hands it the raw call input and gets back the text that goes
 * to the model. Tools report their own transcript items (command output, patch) through `emit`.
 */
import type { AgentEventMsg } from '../../../src-shared/protocol/agent';

export interface ToolContext {
  turnId: string;
  /** The provider's call id; tools use it as their transcript item id so begin/end pair up. */
  callId: string;
  worktreePath: string;
  /** Aborted when the turn is interrupted or the worker shuts down. */
  signal: AbortSignal;
  emit(msg: AgentEventMsg): void;
  /**
   * Asks the user to run a command the sandbox blocked once more outside it; resolves true when
   * approved. Absent where nobody can be asked (then the blocked result stands).
   */
  askUnsandboxed?(request: UnsandboxedRequest): Promise<boolean>;
}

export interface UnsandboxedRequest {
  /** The transcript item the run outside the sandbox will have. */
  itemId: string;
  command: string;
  cwd: string;
  /** The line of output that shows what the sandbox blocked. */
  blocked: string;
}

/** JSON schema of a function tool's parameters. */
export type JsonSchema = Record<string, unknown>;

export type ToolDefinition =
  | { kind: 'function'; name: string; description: string; parameters: JsonSchema }
  /** A free-form tool (Responses API "custom" tool) constrained by a Lark grammar. */
  | { kind: 'freeform'; name: string; description: string; grammar: string };

export interface Tool {
  definition: ToolDefinition;
  /**
   * `input` is the raw call input: the JSON arguments string of a function call, or the text of a
   * custom tool call. Returns what the model sees. Bad input is returned as an error text, never
   * thrown: a malformed call must not crash the worker.
   */
  run(input: string, ctx: ToolContext): Promise<string>;
}
