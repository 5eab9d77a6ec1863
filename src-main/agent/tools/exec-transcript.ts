/**
 * The transcript side of a command: its `command` item, and its output streamed as item_delta
 * events, coalesced so a chatty command does not flood the event log (at most one delta per
 * ~50 ms unless 64 KiB piled up) and capped so the transcript stays bounded.
 */
import type { TranscriptItem } from '../../../src-shared/protocol/items';
import { HeadTailBuffer } from '../../terminal/text-buffers';
import type { ToolContext } from './tool';

export type CommandItem = Extract<TranscriptItem, { type: 'command' }>;

const DELTA_INTERVAL_MS = 50;
const DELTA_MAX_CHARS = 64 * 1024;
/** What the transcript keeps of one command's output. */
export const TRANSCRIPT_OUTPUT_CHARS = 1024 * 1024;

/** Emits without ever throwing: events may go out after the turn that started the command. */
export function safeEmit(ctx: ToolContext, msg: Parameters<ToolContext['emit']>[0]): void {
  try {
    ctx.emit(msg);
  } catch {
    // A closed channel must not take the command's bookkeeping down with it.
  }
}

export class CommandTranscript {
  private readonly kept = new HeadTailBuffer(TRANSCRIPT_OUTPUT_CHARS / 2, TRANSCRIPT_OUTPUT_CHARS / 2);
  private pending = '';
  private streamed = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private capNoted = false;
  private closed = false;

  constructor(
    private readonly ctx: ToolContext,
    private readonly item: CommandItem,
  ) {}

  start(): void {
    safeEmit(this.ctx, { type: 'item_started', turnId: this.ctx.turnId, item: this.item });
  }

  /** Output after completion is dropped: an item's deltas all come before its item_completed. */
  push(chunk: string): void {
    if (this.closed) return;
    this.kept.append(chunk);
    if (this.streamed + this.pending.length >= TRANSCRIPT_OUTPUT_CHARS) return this.noteCap();
    this.pending += chunk;
    if (this.pending.length >= DELTA_MAX_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), DELTA_INTERVAL_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending) return;
    const delta = this.pending;
    this.pending = '';
    this.streamed += delta.length;
    this.emitDelta(delta);
  }

  /** Flushes and sends the final item with `update` applied; once only. */
  complete(update: Partial<CommandItem>): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    const item: CommandItem = { ...this.item, ...update, output: this.kept.text() };
    safeEmit(this.ctx, { type: 'item_completed', turnId: this.ctx.turnId, item });
  }

  private noteCap(): void {
    if (this.capNoted) return;
    this.capNoted = true;
    this.flush();
    this.emitDelta('\n[... further output is not streamed to the transcript ...]\n');
  }

  private emitDelta(delta: string): void {
    safeEmit(this.ctx, { type: 'item_delta', turnId: this.ctx.turnId, itemId: this.item.id, stream: 'output', delta });
  }
}

export function newCommandItem(id: string, command: string, cwd: string): CommandItem {
  return { type: 'command', id, command, cwd, output: '', exitCode: null, durationMs: null, sessionId: null, status: 'in_progress' };
}

export function finalFields(exitCode: number | null, durationMs: number, interrupted: boolean): Partial<CommandItem> {
  const status = interrupted ? 'interrupted' : exitCode === 0 ? 'completed' : 'failed';
  return { exitCode, durationMs, status };
}
