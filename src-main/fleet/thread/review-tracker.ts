/**
 * Keeps a thread's review data current as its agent works: the files-changed count is
 * re-measured (debounced) whenever an edit or a command finishes or the agent reports that its
 * turn's diff moved, and each turn's end snapshots the worktree into a checkpoint numbered by turn.
 */
import type { ThreadEvent, ThreadEventMsg } from '../../../src-shared/protocol/thread-events';

/** Edits come in bursts; one measurement shortly after the last of them is enough. */
export const DIFF_STAT_DEBOUNCE_MS = 300;

export interface ReviewTrackerHooks {
  checkpoint(turn: number): Promise<unknown>;
  refreshDiffStat(): void;
  track(job: Promise<unknown>): void;
  warn(message: string): void;
}

export function lastTurnSummary(events: readonly ThreadEvent[]): string | null {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const msg = events[i]!.msg;
    if (msg.type === 'turn_completed' && msg.summary) return msg.summary;
  }
  return null;
}

export class ReviewTracker {
  private turns: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  private lastCheckpoint: Promise<unknown> = Promise.resolve();

  constructor(
    events: readonly ThreadEvent[],
    private readonly hooks: ReviewTrackerHooks,
  ) {
    this.turns = events.filter((event) => event.msg.type === 'turn_started').length;
  }

  onAgentMsg(msg: ThreadEventMsg): void {
    if (msg.type === 'turn_started') this.turns += 1;
    else if (msg.type === 'turn_diff_updated' || (msg.type === 'item_completed' && (msg.item.type === 'patch' || msg.item.type === 'command'))) this.schedule();
    else if (msg.type === 'turn_completed' || msg.type === 'turn_aborted') this.endTurn();
  }

  /** The host measures at every turn end, after the checkpoint, so a pending measurement is dropped. */
  private endTurn(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.turns > 0) this.checkpoint();
  }

  /** Settles once the latest checkpoint is written (or failed). */
  checkpointed(): Promise<unknown> {
    return this.lastCheckpoint;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.disposed) this.hooks.refreshDiffStat();
    }, DIFF_STAT_DEBOUNCE_MS);
  }

  private checkpoint(): void {
    const turn = this.turns;
    const job = this.hooks
      .checkpoint(turn)
      .catch((error: unknown) => this.hooks.warn(`Could not checkpoint turn ${turn}: ${error instanceof Error ? error.message : String(error)}`));
    this.lastCheckpoint = job;
    this.hooks.track(job);
  }
}
