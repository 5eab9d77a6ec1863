/**
 * One terminal view's link to the fleet: attaches (the current screen first, then the stream),
 * acknowledges what the view has drawn so the fleet can pause the program when the view falls
 * behind, and attaches again after a reconnect (the new connection has no views yet). A `screen`
 * push (a remote host's view attached again by the dashboard) redraws from that screen on.
 */
import type { FlotillaClient } from '../../src-shared/protocol/api';
import { assertNever } from '../../src-shared/assert-never';
import { TERMINAL_ACK_CHARS, type TerminalInfo, type TerminalPush } from '../../src-shared/protocol/api-terminal';

/** What the attachment draws into: an xterm.js Terminal in the app, a recorder in tests. */
export interface TerminalSurface {
  /** Clears the screen and scrollback before a fresh screen is drawn. */
  reset(): void;
  /** `drawn` runs once the data is parsed and on screen. */
  write(data: string, drawn: () => void): void;
}

let nextAttach = 1;

export class TerminalAttachment {
  private attachId = '';
  private early: TerminalPush[] | null = null;
  private unacked = 0;
  /** Bumped by every fresh screen: what was drawn before it is not acknowledged to the new view. */
  private stream = 0;
  private disposed = false;
  private readonly stops: Array<() => void> = [];

  constructor(
    private readonly client: FlotillaClient,
    readonly terminalId: string,
    private readonly surface: TerminalSurface,
    private readonly onInfo: (info: TerminalInfo) => void,
    private readonly onProblem: (message: string) => void,
  ) {
    this.stops.push(client.onTerminal((push) => this.receive(push)));
    this.stops.push(
      client.onConnectionChange((connected) => {
        if (connected) void this.attach();
      }),
    );
  }

  input(data: string): void {
    void this.client.call('terminal.input', { terminalId: this.terminalId, data }).then((result) => {
      if (!result.ok) this.onProblem(result.error.message);
    }, () => undefined);
  }

  resize(cols: number, rows: number): void {
    void this.client.call('terminal.resize', { terminalId: this.terminalId, cols, rows }).catch(() => undefined);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const stop of this.stops.splice(0)) stop();
    if (this.attachId) void this.client.call('terminal.detach', { attachId: this.attachId }).catch(() => undefined);
  }

  /** A fresh name per attach: pushes meant for an earlier one are ignored. */
  private async attach(): Promise<void> {
    if (this.disposed) return;
    const attachId = `view-${nextAttach++}-${Math.random().toString(36).slice(2, 8)}`;
    this.attachId = attachId;
    this.early = [];
    this.unacked = 0;
    this.stream += 1;
    let result;
    try {
      result = await this.client.call('terminal.attach', { terminalId: this.terminalId, attachId });
    } catch {
      return; // The connection dropped; the next connection attaches again.
    }
    if (this.disposed || this.attachId !== attachId) return;
    if (!result.ok) return this.onProblem(result.error.message);
    const early = this.early ?? [];
    this.early = null;
    this.surface.reset();
    this.surface.write(result.value.screen, () => undefined);
    this.onInfo(result.value.info);
    for (const push of early) this.take(push);
  }

  private receive(push: TerminalPush): void {
    if (push.attachId !== this.attachId || this.disposed) return;
    if (this.early) this.early.push(push);
    else this.take(push);
  }

  private take(push: TerminalPush): void {
    switch (push.type) {
      case 'info':
        return this.onInfo(push.info);
      case 'screen':
        return this.redraw(push.screen);
      case 'data': {
        const chars = push.data.length;
        const stream = this.stream;
        this.surface.write(push.data, () => this.drawn(stream, chars));
        return;
      }
      default:
        assertNever(push);
    }
  }

  private redraw(screen: string): void {
    this.stream += 1;
    this.unacked = 0;
    this.surface.reset();
    this.surface.write(screen, () => undefined);
  }

  private drawn(stream: number, chars: number): void {
    if (stream !== this.stream || this.disposed) return;
    const attachId = this.attachId;
    this.unacked += chars;
    if (this.unacked < TERMINAL_ACK_CHARS) return;
    const acked = this.unacked;
    this.unacked = 0;
    void this.client.call('terminal.ack', { attachId, chars: acked }).catch(() => undefined);
  }
}
