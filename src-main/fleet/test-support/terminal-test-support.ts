/** Test support: a terminal view attached through the fleet's API, acking as xterm.js would. */
import type { TerminalInfo, TerminalPush } from '../../../src-shared/protocol/api-terminal';
import { TERMINAL_ACK_CHARS } from '../../../src-shared/protocol/api-terminal';
import type { FleetService } from '../fleet-service';
import { call } from './fleet-test-support';

let nextView = 1;

export interface ViewOptions {
  /** Keep the stream as text (small streams only). Default true. */
  keep?: boolean;
  onData?(data: string): void;
}

export class TestTerminalView {
  readonly attachId = `test-view-${nextView++}`;
  screen = '';
  text = '';
  received = 0;
  info: TerminalInfo | null = null;
  private early: TerminalPush[] | null = [];
  private unacked = 0;
  private readonly waiters = new Set<() => void>();
  private stop: () => void = () => undefined;

  constructor(
    private readonly fleet: FleetService,
    readonly terminalId: string,
    private readonly options: ViewOptions = {},
  ) {}

  async attach(): Promise<this> {
    const onTerminal = this.fleet.onTerminal;
    if (!onTerminal) throw new Error('this fleet has no terminals');
    this.stop = onTerminal((push) => {
      if (push.attachId !== this.attachId) return;
      if (this.early) this.early.push(push);
      else this.take(push);
    });
    const attached = await call(this.fleet, 'terminal.attach', { terminalId: this.terminalId, attachId: this.attachId });
    this.screen = attached.screen;
    this.info = attached.info;
    const early = this.early ?? [];
    this.early = null;
    for (const push of early) this.take(push);
    this.wake();
    return this;
  }

  async detach(): Promise<void> {
    this.stop();
    await call(this.fleet, 'terminal.detach', { attachId: this.attachId });
  }

  type(data: string): Promise<unknown> {
    return call(this.fleet, 'terminal.input', { terminalId: this.terminalId, data });
  }

  /** Screen and stream: everything this view has shown. */
  get shown(): string {
    return this.screen + this.text;
  }

  until(test: (view: this) => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`Timed out waiting for ${what}; the view shows ...${JSON.stringify(this.shown.slice(-400))}`));
      }, timeoutMs);
      const check = () => {
        if (!test(this)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
      check();
    });
  }

  private take(push: TerminalPush): void {
    if (push.type === 'info') this.info = push.info;
    else if (push.type === 'screen') {
      // A dashboard of many hosts attached this view again: a fresh screen, nothing unacknowledged.
      this.screen = push.screen;
      this.unacked = 0;
    } else {
      this.received += push.data.length;
      if (this.options.keep !== false) this.text += push.data;
      this.options.onData?.(push.data);
      this.ack(push.data.length);
    }
    this.wake();
  }

  /** Like the renderer: an ack once a batch of characters is drawn, not one per chunk. */
  private ack(chars: number): void {
    this.unacked += chars;
    if (this.unacked < TERMINAL_ACK_CHARS) return;
    const acked = this.unacked;
    this.unacked = 0;
    void call(this.fleet, 'terminal.ack', { attachId: this.attachId, chars: acked });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
