/**
 * The turn time limit (turnTimeoutMinutes). Time spent paused does not count: a user who pauses
 * a thread over lunch should not find its turn stopped when they resume it.
 */
export class TurnTimer {
  private timer: NodeJS.Timeout | undefined;
  private remainingMs: number;
  private startedAt = 0;
  private running = false;

  constructor(
    limitMs: number,
    private readonly onTimeout: () => void,
  ) {
    this.remainingMs = limitMs;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startedAt = Date.now();
    this.timer = setTimeout(() => this.onTimeout(), Math.max(0, this.remainingMs));
    // A worker must not stay alive for a timer alone.
    this.timer.unref();
  }

  hold(): void {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.timer);
    this.remainingMs -= Date.now() - this.startedAt;
  }

  dispose(): void {
    this.running = false;
    clearTimeout(this.timer);
  }
}
