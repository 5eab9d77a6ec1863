/** A thread's working time: from creation to its end (or now), leaving out the time it spent paused. */
export interface ElapsedInput {
  createdAt: number;
  finishedAt: number | null;
  pausedMs?: number | undefined;
  pausedAt?: number | null | undefined;
}

export function elapsedMs(t: ElapsedInput, now: number): number {
  const end = t.finishedAt ?? now;
  // While paused the clock stands at the moment the pause began.
  const stop = t.pausedAt != null ? Math.min(end, t.pausedAt) : end;
  return Math.max(0, stop - t.createdAt - (t.pausedMs ?? 0));
}
