/**
 * One model request of a turn: stream it, show it as transcript items, retry it when it fails in a
 * way worth retrying. Every attempt of the same request reuses the same item ids, so a retry
 * replaces the partial text of the failed attempt instead of repeating it.
 */
import type { AgentErrorCode, AgentEventMsg, ModelConfig } from '../../src-shared/protocol/agent';
import { Gate, sleep } from './abortable';
import { classifyModelError, StreamIdleError } from './providers/errors';
import {
  ModelStreamError,
  type ModelOutputItem,
  type ModelRequest,
  type TokenUsage,
  type Provider,
} from './providers/provider';
import { type RetryPolicy, retryDelayMs } from './retry';

export interface SampleOptions {
  provider: Provider;
  request: ModelRequest;
  model: ModelConfig;
  turnId: string;
  /** Prefix of the transcript item ids of this request; stable across its retries. */
  itemIdPrefix: string;
  signal: AbortSignal;
  /** Held closed while the thread is paused: no request starts until it opens. */
  gate: Gate;
  retry: RetryPolicy;
  idleTimeoutMs: number;
  emit(msg: AgentEventMsg): void;
  /** Told the provider's token counts of the request that succeeded (compaction's estimate). */
  onUsage?(usage: TokenUsage): void;
}

/** The request failed and will not be retried; the `error` event has already gone out. */
export class ModelRequestFailed extends Error {
  constructor(
    readonly code: AgentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ModelRequestFailed';
  }
}

export async function sampleWithRetry(options: SampleOptions): Promise<ModelOutputItem[]> {
  const { retry, signal } = options;
  for (let attempt = 1; ; attempt += 1) {
    await options.gate.wait(signal);
    try {
      return await sampleOnce(options);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const failure = classifyModelError(error, options.model);
      if (!failure.retryable || attempt >= retry.maxAttempts) {
        options.emit({ type: 'error', code: failure.code, message: failure.message, willRetry: false });
        throw new ModelRequestFailed(failure.code, failure.message);
      }
      const delay = retryDelayMs(retry, attempt, failure.retryAfterMs);
      const next = `Retrying in ${formatDelay(delay)} (attempt ${attempt + 1} of ${retry.maxAttempts}).`;
      options.emit({ type: 'error', code: failure.code, message: `${failure.message} ${next}`, willRetry: true });
      await sleep(delay, signal);
    }
  }
}

async function sampleOnce(options: SampleOptions): Promise<ModelOutputItem[]> {
  const idle = new AbortController();
  const signal = AbortSignal.any([options.signal, idle.signal]);
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(new StreamIdleError(options.idleTimeoutMs)), options.idleTimeoutMs);
  };
  const view = new StreamView(options);
  touch();
  try {
    for await (const event of options.provider.stream(options.request, signal)) {
      touch();
      if (event.type === 'completed') {
        view.complete(event.output);
        if (event.usage) options.emit({ type: 'usage', turnId: options.turnId, usage: event.usage });
        if (event.usage) options.onUsage?.(event.usage);
        return event.output;
      }
      if (event.type === 'text_delta') view.delta('assistant_message', event.key, event.delta);
      if (event.type === 'reasoning_delta') view.delta('reasoning', event.key, event.delta);
    }
    throw new ModelStreamError('The model stream ended without a result', 'cut');
  } catch (error) {
    view.closeOpen();
    if (options.signal.aborted) throw options.signal.reason;
    if (idle.signal.aborted) throw idle.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

type StreamedType = 'assistant_message' | 'reasoning';

interface OpenItem {
  type: StreamedType;
  id: string;
  text: string;
}

/** Turns a request's deltas into item_started / item_delta / item_completed events. */
class StreamView {
  private open = new Map<string, OpenItem>();

  constructor(private readonly options: Pick<SampleOptions, 'turnId' | 'itemIdPrefix' | 'emit'>) {}

  delta(type: StreamedType, key: string, delta: string): void {
    const item = this.open.get(key) ?? this.start(type, key);
    item.text += delta;
    this.options.emit({ type: 'item_delta', turnId: this.options.turnId, itemId: item.id, stream: 'text', delta });
  }

  /** The final items carry the authoritative text; streamed text is only the preview. */
  complete(output: readonly ModelOutputItem[]): void {
    for (const item of output) {
      if (item.type === 'tool_call') continue;
      const type: StreamedType = item.type === 'message' ? 'assistant_message' : 'reasoning';
      const open = this.open.get(item.key);
      if (!open && !item.text) continue;
      const started = open ?? this.start(type, item.key);
      started.text = item.text || started.text;
      this.finish(item.key, started);
    }
    this.closeOpen();
  }

  closeOpen(): void {
    for (const [key, item] of this.open) this.finish(key, item);
  }

  private start(type: StreamedType, key: string): OpenItem {
    const item: OpenItem = { type, id: `${this.options.itemIdPrefix}-${key}`, text: '' };
    this.open.set(key, item);
    this.options.emit({ type: 'item_started', turnId: this.options.turnId, item: { type, id: item.id, text: '' } });
    return item;
  }

  private finish(key: string, item: OpenItem): void {
    this.open.delete(key);
    this.options.emit({
      type: 'item_completed',
      turnId: this.options.turnId,
      item: { type: item.type, id: item.id, text: item.text },
    });
  }
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
