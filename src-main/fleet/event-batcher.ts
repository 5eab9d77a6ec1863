/**
 * Coalesces thread events into at most one ClientEvent per frame (~16 ms), so eight busy agents
 * streaming deltas never flood a client with thousands of messages a second.
 */
import type { ClientEvent } from '../../src-shared/protocol/api';
import type { ThreadEvent } from '../../src-shared/protocol/thread-events';
import type { ThreadSummary } from '../../src-shared/domain/thread';

export const FRAME_MS = 16;

export interface EventBatcher {
  push(event: ThreadEvent, summary: ThreadSummary): void;
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
  let events: ThreadEvent[] = [];
  let threads = new Map<string, ThreadSummary>();
  let timer: NodeJS.Timeout | null = null;

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (events.length === 0 && threads.size === 0) return;
    const batch: ClientEvent = { type: 'batch', events, threads: [...threads.values()] };
    events = [];
    threads = new Map();
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
    push(event, summary) {
      events.push(event);
      threads.set(summary.id, summary);
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
