/**
 * One shared pace for glance views that follow a stream (a dashboard card's tail). A store
 * change only marks its listener due; every due listener runs together on the next beat, in one
 * task, so React renders all of them in one pass and the browser lays out and paints the grid
 * once per beat instead of once per streamed batch per card. At 32 streaming cards that was most
 * of the renderer's time (`npm run bench -- --load-only --load-profile`).
 */

/** Four updates a second: a card's last lines are glanced at, not read as they stream. */
export const PACE_MS = 250;

export interface Pacer {
  /** Runs `listener` on the next beat (once, however often it is asked before then). */
  schedule(listener: () => void): void;
  /** Forgets a listener that is no longer subscribed. */
  cancel(listener: () => void): void;
}

export function createPacer(intervalMs = PACE_MS): Pacer {
  const due = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const beat = (): void => {
    timer = null;
    const listeners = [...due];
    due.clear();
    for (const listener of listeners) listener();
  };
  return {
    schedule(listener) {
      due.add(listener);
      timer ??= setTimeout(beat, intervalMs);
    },
    cancel(listener) {
      due.delete(listener);
      if (due.size === 0 && timer) {
        clearTimeout(timer);
        timer = null;
      }
    },
  };
}

/** The renderer's one pacer, so every card beats together. */
export const glancePacer = createPacer();

interface Subscribable {
  subscribe(listener: () => void): () => void;
}

/** A useSyncExternalStore `subscribe` that hears `store` at most once per beat of `pacer`. */
export function pacedSubscribe(store: Subscribable, pacer: Pacer = glancePacer): (listener: () => void) => () => void {
  return (listener) => {
    const unsubscribe = store.subscribe(() => pacer.schedule(listener));
    return () => {
      unsubscribe();
      pacer.cancel(listener);
    };
  };
}

/**
 * A snapshot derived from a store's state, recomputed only when `input` (a part of the state)
 * changed identity, and kept when `same` says the new value is equal, so useSyncExternalStore
 * sees a stable value between changes.
 */
export function derivedSnapshot<S, I, V>(getState: () => S, input: (state: S) => I, derive: (input: I) => V, same: (a: V, b: V) => boolean): () => V {
  let seen: { input: I; value: V } | null = null;
  return () => {
    const current = input(getState());
    if (seen && seen.input === current) return seen.value;
    const value = derive(current);
    seen = { input: current, value: seen && same(seen.value, value) ? seen.value : value };
    return seen.value;
  };
}
