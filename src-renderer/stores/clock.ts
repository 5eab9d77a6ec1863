/**
 * One shared once-a-second clock for elapsed times. Only the small components that display a
 * running thread's elapsed time subscribe, so a tick re-renders those leaves and nothing else;
 * the interval runs only while someone listens.
 */
import { useSyncExternalStore } from 'react';

const TICK_MS = 1000;
const listeners = new Set<() => void>();
let now = wholeSecond();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = wholeSecond();
    timer = setInterval(tick, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

function tick(): void {
  now = wholeSecond();
  for (const listener of [...listeners]) listener();
}

/**
 * Whole seconds, so two reads in the same second agree (useSyncExternalStore requires a stable
 * snapshot) even when no timer is running yet to refresh `now`.
 */
function wholeSecond(): number {
  return Math.floor(Date.now() / TICK_MS) * TICK_MS;
}

function snapshot(): number {
  if (!timer) now = wholeSecond();
  return now;
}

const noSubscription = () => () => undefined;

/** The current time, refreshed each second while `live`. */
export function useNow(live: boolean): number {
  return useSyncExternalStore(live ? subscribe : noSubscription, snapshot);
}
