/**
 * The seam between the loop and a model API. The loop speaks in provider-neutral history and
 * stream events; each provider renders them to its wire format and normalizes what comes back,
 * so one loop drives the Responses API and Chat Completions alike.
 */
import type { ToolDefinition } from '../tools/tool';

/** How the model invoked a tool: a function call with JSON arguments, or a free-form custom call. */
export type ToolCallFormat = 'function' | 'custom';

/** A finished item of the model's output, in the order the model produced it. */
export type ModelOutputItem =
  | {
      type: 'message';
      /** Stream key of the deltas that built this item (see ModelStreamEvent). */
      key: string;
      text: string;
      /** Responses API message phase; resent as received because newer models rely on it. */
      phase: 'commentary' | 'final_answer' | null;
    }
  | {
      type: 'reasoning';
      key: string;
      id: string;
      /** Summary text, what the user sees. */
      text: string;
      /** Only reasoning with encrypted content can be replayed when store is false. */
      encryptedContent: string | null;
    }
  | {
      type: 'tool_call';
      callId: string;
      name: string;
      /** Exactly what the model sent: the JSON arguments string, or the custom tool input. */
      input: string;
      format: ToolCallFormat;
    };

export interface ModelUsage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export type ModelStreamEvent =
  /** `key` names the output item being streamed; deltas with the same key belong together. */
  | { type: 'text_delta'; key: string; delta: string }
  | { type: 'reasoning_delta'; key: string; delta: string }
  /** Any other sign of life (tool-call arguments, keep-alives); it resets the idle timer. */
  | { type: 'progress' }
  | { type: 'completed'; output: ModelOutputItem[]; usage: ModelUsage | null };

/** One entry of the append-only conversation. `response` groups the items of one model answer. */
export type HistoryItem =
  | { type: 'user'; text: string }
  | (ModelOutputItem & { response: number })
  | { type: 'tool_output'; callId: string; format: ToolCallFormat; output: string };

/** Everything a request carries. The first three fields are the thread's stable prefix. */
export interface ModelRequest {
  instructions: string;
  tools: readonly ToolDefinition[];
  /** Starts with the environment context; only ever grows. */
  history: readonly HistoryItem[];
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
