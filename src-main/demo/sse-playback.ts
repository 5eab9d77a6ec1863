/**
 * Writes prepared SSE frames to a response with the step's pacing: `delayMs` before every delta,
 * and for `cutAfterDeltas` a destroyed socket mid-stream, which a client sees as a dropped
 * connection rather than an orderly end.
 */
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PlayedFrame } from './frames';

export interface PlaybackOptions {
  delayMs: number;
  cutAfterDeltas: number | null;
  /** Aborted when the client goes away or the server closes. */
  signal: AbortSignal;
}

export type PlaybackOutcome = 'completed' | 'cut' | 'aborted';

export async function playFrames(
  res: ServerResponse,
  frames: readonly PlayedFrame[],
  options: PlaybackOptions,
): Promise<PlaybackOutcome> {
  const cutAt = options.cutAfterDeltas === null ? null : cutIndex(frames, options.cutAfterDeltas);
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
  for (const [index, frame] of frames.entries()) {
    if (index === cutAt) {
      res.socket?.destroy();
      return 'cut';
    }
    if (frame.isDelta && options.delayMs > 0 && !(await pause(options.delayMs, options.signal))) return 'aborted';
    if (!(await write(res, frame.payload, options.signal))) return 'aborted';
  }
  if (cutAt === frames.length) {
    res.socket?.destroy();
    return 'cut';
  }
  res.end();
  return 'completed';
}

/** The frame before which the socket dies: the (n+1)-th delta, or just after the last delta. */
function cutIndex(frames: readonly PlayedFrame[], n: number): number {
  const deltaIndexes = frames.flatMap((frame, index) => (frame.isDelta ? [index] : []));
  const next = deltaIndexes[n];
  if (next !== undefined) return next;
  const last = deltaIndexes[deltaIndexes.length - 1];
  // With no deltas at all, cut after the opening frame so the stream has started.
  return last === undefined ? Math.min(1, frames.length) : last + 1;
}

async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Resolves once the payload reached the socket, so a cut right after it still delivers it. */
function write(res: ServerResponse, payload: string, signal: AbortSignal): Promise<boolean> {
  if (res.destroyed || signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    res.write(payload, (err) => {
      signal.removeEventListener('abort', onAbort);
      resolve(!err);
    });
  });
}
