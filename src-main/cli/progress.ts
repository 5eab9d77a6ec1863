/**
 * Live progress of a running task on stderr. In a terminal: one line per agent, redrawn in place
 * (and ticking, so elapsed time moves while an agent is quiet). Otherwise, one line per status
 * change, which reads well in CI logs and pipes.
 */
import type { ThreadSummary } from '../../src-shared/domain/thread';
import { progressLines, statusLine } from './format';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /** The latest summaries, and which of them changed status. */
  update(threads: readonly ThreadSummary[], statusChanged: readonly ThreadSummary[]): void;
  /** Draws the final state and stops ticking. */
  finish(threads: readonly ThreadSummary[]): void;
}

const TICK_MS = 250;

export function createProgress(stream: ProgressStream, now: () => number = Date.now): Progress {
  return stream.isTTY ? ttyProgress(stream, now) : lineProgress(stream, now);
}

function lineProgress(stream: ProgressStream, now: () => number): Progress {
  return {
    update(_threads, statusChanged) {
      for (const thread of statusChanged) stream.write(`${statusLine(thread, now())}\n`);
    },
    finish() {},
  };
}

function ttyProgress(stream: ProgressStream, now: () => number): Progress {
  let latest: readonly ThreadSummary[] = [];
  let drawn = 0;
  const draw = () => {
    // A pseudo-terminal may report 0 columns; assume a common width then.
    const lines = progressLines(latest, now(), stream.columns || 100);
    // Back to the top of the block, then rewrite every line in place.
    const up = drawn > 0 ? `\x1b[${drawn}F` : '';
    stream.write(`${up}${lines.map((line) => `\x1b[2K${line}\n`).join('')}`);
    drawn = lines.length;
  };
  const timer = setInterval(draw, TICK_MS);
  // The tick only animates; it must never keep the process alive on its own.
  timer.unref();
  return {
    update(threads) {
      latest = threads;
      draw();
    },
    finish(threads) {
      clearInterval(timer);
      latest = threads;
      draw();
    },
  };
}
