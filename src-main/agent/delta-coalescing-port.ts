/**
 * Streamed text reaches the fleet at most once per window per item, not once per token. A model
 * streams a token every 10–20 ms and a command a line at a time; each was its own IPC message,
 * then its own journal record and log append in the fleet, which at 32 agents was most of the
 * worker's and much of the fleet's CPU (`npm run bench -- --load-only`).
 *
 * A delta goes out at once when none went out in the last window (the first token is never held);
 * later ones within the window are appended to it and go out together when the window ends. Any
 * other event sends the held delta first, so the fleet sees events in the order they happened.
 * Terminal output is not held: a typed key must echo at once. flush() sends what is held.
 */
import { continuesDelta, isItemDelta, mergeDeltas, type ItemDeltaMsg } from '../../src-shared/item-deltas';
import type { AgentEvent, WorkerTerminalEvent } from '../../src-shared/protocol/agent';
import type { WorkerPort } from './worker-port';

/** A reader does not notice 50 ms; at 50 tokens/s it is a third of the messages. */
export const DELTA_WINDOW_MS = 50;

type DeltaEvent = AgentEvent & { msg: ItemDeltaMsg };

function isTerminal(event: AgentEvent | WorkerTerminalEvent): event is WorkerTerminalEvent {
  return 'kind' in event && event.kind === 'terminal';
}

export function coalesceDeltas(port: WorkerPort, windowMs = DELTA_WINDOW_MS): WorkerPort {
  let held: DeltaEvent | null = null;
  let window: ReturnType<typeof setTimeout> | null = null;

  const sendHeld = (): void => {
    if (!held) return;
    const event = held;
    held = null;
    port.post(event);
  };
  const endWindow = (): void => {
    window = null;
    if (!held) return;
    // Something was held: send it and keep throttling while the stream goes on.
    sendHeld();
    openWindow();
  };
  const openWindow = (): void => {
    window = setTimeout(endWindow, windowMs);
    // A held delta must not keep an exiting worker alive; flush() sends it.
    window.unref();
  };

  const postDelta = (event: DeltaEvent): void => {
    // The same submission too: a delta never joins one from another turn's request.
    if (held && held.id === event.id && continuesDelta(held, event)) {
      held = mergeDeltas(held, event);
      return;
    }
    sendHeld();
    if (window) {
      held = event;
      return;
    }
    port.post(event);
    openWindow();
  };

  return {
    onMessage: (listener) => port.onMessage(listener),
    onDisconnect: (listener) => port.onDisconnect(listener),
    post(event) {
      if (isTerminal(event)) return port.post(event);
      if (isItemDelta(event)) return postDelta(event);
      sendHeld();
      port.post(event);
    },
    flush() {
      sendHeld();
      // The worker is about to exit: a delta after this goes out at once, not into a window.
      if (window) clearTimeout(window);
      window = null;
      return port.flush();
    },
  };
}
