/**
 * Flow control for one terminal, as VS Code's terminal does it: each consumer (the fleet's own
 * headless screen, every attached view) acknowledges the characters it has processed; when any
 * consumer has more than the high watermark unacknowledged the source is paused, and it resumes
 * once every consumer is back under the low watermark. Nothing is dropped: a slow consumer
 * slows the program printing, never loses its output.
 */

/** VS Code: FlowControlConstants.HighWatermarkChars / LowWatermarkChars. */
export const HIGH_WATERMARK_CHARS = 100_000;
export const LOW_WATERMARK_CHARS = 5_000;

export class FlowControl {
  private readonly unacked = new Map<string, number>();
  private paused = false;
  /** How many times the source was paused: flow control engaged. */
  pauses = 0;

  constructor(private readonly setPaused: (paused: boolean) => void) {}

  get isPaused(): boolean {
    return this.paused;
  }

  addConsumer(consumer: string): void {
    this.unacked.set(consumer, 0);
  }

  /** A consumer that went away no longer holds the source back. */
  removeConsumer(consumer: string): void {
    this.unacked.delete(consumer);
    this.recheck();
  }

  /** `chars` went out to every consumer. */
  sent(chars: number): void {
    for (const [consumer, count] of this.unacked) this.unacked.set(consumer, count + chars);
    this.recheck();
  }

  acked(consumer: string, chars: number): void {
    const count = this.unacked.get(consumer);
    if (count === undefined) return;
    this.unacked.set(consumer, Math.max(0, count - chars));
    this.recheck();
  }

  private recheck(): void {
    let most = 0;
    for (const count of this.unacked.values()) most = Math.max(most, count);
    if (!this.paused && most > HIGH_WATERMARK_CHARS) {
      this.paused = true;
      this.pauses += 1;
      this.setPaused(true);
    } else if (this.paused && most < LOW_WATERMARK_CHARS) {
      this.paused = false;
      this.setPaused(false);
    }
  }
}
