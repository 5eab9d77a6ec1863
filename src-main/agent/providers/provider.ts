/**
 * The seam between the loop and a model API. The loop speaks in provider-neutral history and
 * stream events; each provider renders them to its wire format and normalizes what comes back,
 * so one loop drives the Responses API and Chat Completions alike.
 */
import type { ConversationItem, ModelOutputItem } from '../../../src-shared/protocol/conversation';
import type { TokenUsage } from '../../../src-shared/protocol/usage';
import type { ToolDefinition } from '../tools/tool';

// The conversation and usage types are the protocol's; the agent imports them from this seam.
export type { ConversationItem, ModelOutputItem, ToolCallFormat } from '../../../src-shared/protocol/conversation';
export type { TokenUsage } from '../../../src-shared/protocol/usage';

export type ModelStreamEvent =
  /** `key` names the output item being streamed; deltas with the same key belong together. */
  | { type: 'text_delta'; key: string; delta: string }
  | { type: 'reasoning_delta'; key: string; delta: string }
  /** Any other sign of life (tool-call arguments, keep-alives); it resets the idle timer. */
  | { type: 'progress' }
  | { type: 'completed'; output: ModelOutputItem[]; usage: TokenUsage | null };

/** Everything a request carries. The first three fields are the thread's stable prefix. */
export interface ModelRequest {
  instructions: string;
  tools: readonly ToolDefinition[];
  /** Starts with the environment context; only ever grows. */
  history: readonly ConversationItem[];
}

export interface Provider {
  /**
   * Streams one model answer. Ends with exactly one `completed` event, or throws: an API or
   * transport error, or ModelStreamError. Aborting `signal` ends the iteration early.
   */
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelStreamEvent>;
}

/** The stream broke in a way the SDK does not report as an APIError. Retryable. */
export class ModelStreamError extends Error {
  constructor(
    message: string,
    readonly kind: 'cut' | 'failed' | 'transport',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ModelStreamError';
  }
}

/**
 * Iterates an SDK stream and turns anything it throws that is not the SDK's own error (a socket
 * reset mid-body surfaces as a bare TypeError, malformed SSE as a SyntaxError) into a
 * ModelStreamError, so those are retried while bugs in our own processing code are not.
 */
export async function* guardTransport<T>(
  source: AsyncIterable<T>,
  isSdkError: (error: unknown) => boolean,
): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<T>;
    try {
      next = await iterator.next();
    } catch (error) {
      if (isSdkError(error)) throw error;
      throw new ModelStreamError(`The model stream broke: ${describeCause(error)}`, 'transport', { cause: error });
    }
    if (next.done) return;
    yield next.value;
  }
}

/** The most specific readable reason in an error's cause chain ("connect ECONNREFUSED ..."). */
export function describeCause(error: unknown): string {
  let current: unknown = error;
  let best = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 6 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    // Node reports a refused dual-stack connect as an AggregateError with an empty message.
    const text = current.message || (typeof code === 'string' ? code : '');
    if (text && text !== 'fetch failed') best = text;
    current = current.cause;
  }
  return best;
}
