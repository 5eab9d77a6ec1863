/**
 * One terminal as the fleet serves it: its source (the agent's shell in its worker, or a user's
 * shell), its headless screen, its attached views and the flow control between them.
 */
import type { TerminalInfo, TerminalPush } from '../../../src-shared/protocol/api-terminal';
import { FlowControl } from './flow-control';
import { TerminalScreen } from './terminal-screen';

/** Where the terminal's data comes from, and where input, size and flow control go. */
export interface TerminalSource {
  input(data: string): void;
  resize(cols: number, rows: number): void;
  setPaused(paused: boolean): void;
  /** Someone looks at the terminal (or stopped looking): the agent's keeps its worker up meanwhile. */
  watched?(watched: boolean): void;
  close(): void;
}

export type TerminalSink = (push: TerminalPush) => void;

const SCREEN_CONSUMER = 'screen';
export const DEFAULT_COLS = 120;
export const DEFAULT_ROWS = 30;

interface Attachment {
  attachId: string;
  sink: TerminalSink;
}

export class TerminalChannel {
  private readonly screen = new TerminalScreen(DEFAULT_COLS, DEFAULT_ROWS);
  readonly flow: FlowControl;
  private readonly attachments = new Map<string, Attachment>();
  private source: TerminalSource | null = null;

  constructor(private state: TerminalInfo) {
    this.flow = new FlowControl((paused) => this.source?.setPaused(paused));
    this.flow.addConsumer(SCREEN_CONSUMER);
  }

  get info(): TerminalInfo {
    return { ...this.state, pauses: this.flow.pauses };
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.screen.cols, rows: this.screen.rows };
  }

  /** The source may change (the agent's worker started again); flow state carries over. */
  setSource(source: TerminalSource): void {
    this.source = source;
    if (this.flow.isPaused) source.setPaused(true);
    source.watched?.(this.attachments.size > 0);
  }

  receive(data: string): void {
    if (!data) return;
    // Counted before it goes out: a consumer may acknowledge synchronously.
    this.flow.sent(data.length);
    this.screen.write(data, (chars) => this.flow.acked(SCREEN_CONSUMER, chars));
    for (const { attachId, sink } of this.attachments.values()) sink({ type: 'data', attachId, data });
  }

  update(change: Partial<TerminalInfo>): void {
    this.state = { ...this.state, ...change };
    for (const { attachId, sink } of this.attachments.values()) sink({ type: 'info', attachId, info: this.info });
  }

  /** `key` is unique across connections; the answer's screen is where the pushed stream starts. */
  attach(key: string, attachId: string, sink: TerminalSink): { screen: string; info: TerminalInfo } {
    this.detach(key);
    const screen = this.screen.snapshot();
    this.attachments.set(key, { attachId, sink });
    this.flow.addConsumer(key);
    if (this.attachments.size === 1) this.source?.watched?.(true);
    return { screen, info: this.info };
  }

  detach(key: string): void {
    if (!this.attachments.delete(key)) return;
    this.flow.removeConsumer(key);
    if (this.attachments.size === 0) this.source?.watched?.(false);
  }

  ack(key: string, chars: number): void {
    this.flow.acked(key, chars);
  }

  input(data: string): void {
    this.source?.input(data);
  }

  resize(cols: number, rows: number): void {
    this.screen.resize(cols, rows);
    this.source?.resize(cols, rows);
  }

  dispose(): void {
    for (const key of [...this.attachments.keys()]) this.detach(key);
    this.source?.close();
    this.screen.dispose();
  }
}
