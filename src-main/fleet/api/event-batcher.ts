/**
 * Sends thread events to clients at most once per frame (~16 ms), so eight busy agents streaming
 * deltas never flood a client with thousands of messages a second. A thread with something new
 * wakes the batcher; when the frame goes out, each woken thread hands over its events since the
 * last frame (deltas already merged, see client-events.ts) and its summary if that changed.
 */
import type { ClientEvent } from '../../../src-shared/protocol/api';
import type { ThreadEvent } from '../../../src-shared/protocol/thread-events';
import type { ThreadSummary } from '../../../src-shared/domain/thread';

export const FRAME_MS = 16;

/** A thread as the batcher sees it. */
export interface FrameSource {
  /** Its events since the last frame, and its summary when clients need it (null: unchanged). */
  takeFrame(): { events: ThreadEvent[]; summary: ThreadSummary | null };
}

export interface EventBatcher {
  /** `source` has something for the next frame. */
  push(source: FrameSource): void;
  /** Returns a disposer. */
  onEvent(listener: (event: ClientEvent) => void): () => void;
  /** Sends whatever is pending now. */
  flush(): void;
  /** Flushes, then drops every listener. */
  dispose(): void;
}

export function createEventBatcher(options: { intervalMs?: number; onListenerError?: (error: unknown) => void } = {}): EventBatcher {
  const intervalMs = options.intervalMs ?? FRAME_MS;
  const listeners = new Set<(event: ClientEvent) => void>();
  // A Set keeps the order threads woke in, so a batch lists threads as their events came.
  let pending = new Set<FrameSource>();
  let timer: NodeJS.Timeout | null = null;

  const collect = (): ClientEvent | null => {
    const sources = pending;
    pending = new Set();
    const batch: ClientEvent = { type: 'batch', events: [], threads: [] };
    for (const source of sources) {
      const frame = source.takeFrame();
      batch.events.push(...frame.events);
      if (frame.summary) batch.threads.push(frame.summary);
    }
    return batch.events.length > 0 || batch.threads.length > 0 ? batch : null;
  };

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = collect();
    if (!batch) return;
    for (const listener of [...listeners]) {
      try {
        listener(batch);
      } catch (error) {
        // One broken client must not keep the others from their events.
        options.onListenerError?.(error);
      }
    }
  };

  return {
    push(source) {
      pending.add(source);
      if (!timer) {
        timer = setTimeout(flush, intervalMs);
        // A pending frame must not keep a headless process alive on its own.
        timer.unref();
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush,
    dispose() {
      flush();
      listeners.clear();
    },
  };
}
