/**
 * One thread's transcript store and the bookkeeping that keeps it gap-free. Live batches are
 * folded with the shared reducer in one setState per batch; while a catch-up from the thread's
 * event log is in flight, live events are buffered and applied after it, so nothing is applied
 * out of order and nothing is lost (the reducer drops anything at or below lastSeq).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ThreadEvent } from '../../src-shared/protocol/thread-events';
import { applyThreadEvent, emptyTranscript, type Transcript } from '../../src-shared/transcript';
import { stripAnsi } from '../lib/ansi';

export interface TranscriptState {
  transcript: Transcript;
  /** True while history is being fetched and nothing has been shown yet. */
  loading: boolean;
}

export type TranscriptStore = StoreApi<TranscriptState>;

export class TranscriptFeed {
  readonly store: TranscriptStore = createStore<TranscriptState>()(() => ({
    transcript: emptyTranscript(),
    loading: false,
  }));
  /** Non-null while a catch-up is in flight: live events wait here. */
  private buffer: ThreadEvent[] | null = null;

  constructor(readonly threadId: string) {}

  get lastSeq(): number {
    return this.store.getState().transcript.lastSeq;
  }

  get catchingUp(): boolean {
    return this.buffer !== null;
  }

  /**
   * True when these live events are not the start of the thread's log and this feed holds no
   * history yet: the earlier events must be fetched first. Does not assume seqs are contiguous.
   */
  needsHistory(events: readonly ThreadEvent[]): boolean {
    return this.buffer === null && this.lastSeq === 0 && events[0]?.msg.type !== 'thread_created';
  }

  receive(events: readonly ThreadEvent[]): void {
    if (this.buffer) this.buffer.push(...events);
    else this.apply(events);
  }

  /** Starts buffering live events; returns the seq to fetch after, or null if already catching up. */
  beginCatchUp(): number | null {
    if (this.buffer) return null;
    this.buffer = [];
    if (this.lastSeq === 0) this.store.setState({ loading: true });
    return this.lastSeq;
  }

  completeCatchUp(fetched: readonly ThreadEvent[]): void {
    const buffered = this.buffer ?? [];
    this.buffer = null;
    this.apply([...fetched, ...buffered]);
    this.store.setState({ loading: false });
  }

  /** The fetch failed: show what arrived live; the next (re)connect catches up again. */
  abortCatchUp(): void {
    this.completeCatchUp([]);
  }

  private apply(events: readonly ThreadEvent[]): void {
    const before = this.store.getState().transcript;
    let transcript = before;
    for (const event of events) transcript = applyThreadEvent(transcript, event);
    if (transcript !== before) this.store.setState({ transcript });
  }
}

/** What a dashboard card shows of a thread's latest work. */
export interface TranscriptTail {
  kind: 'text' | 'command' | 'none';
  text: string;
}

const TAIL_CHARS = 400;
/** Markup is stripped from this much of the message's end only, not from all of it on every batch. */
const TAIL_SOURCE = TAIL_CHARS * 3;
const TAIL_SCAN = 40;

/** Cheap enough to run on every batch: scans back a few items from the end. */
export function selectTail(transcript: Transcript): TranscriptTail {
  const items = transcript.items;
  for (let i = items.length - 1; i >= Math.max(0, items.length - TAIL_SCAN); i--) {
    const item = items[i];
    if (item?.type === 'assistant_message' && /\S/.test(item.text)) return { kind: 'text', text: textTail(item.text) };
    if (item?.type === 'command') {
      const output = lastLines(item.output, 8);
      return { kind: 'command', text: output ? `$ ${item.command}\n${output}` : `$ ${item.command}` };
    }
  }
  return { kind: 'none', text: '' };
}

function textTail(markdown: string): string {
  if (markdown.length <= TAIL_SOURCE) return tailOf(plainText(markdown), TAIL_CHARS);
  const plain = plainText(markdown.slice(-TAIL_SOURCE));
  return plain.length > TAIL_CHARS ? tailOf(plain, TAIL_CHARS) : `…${plain}`;
}

/** A card has no room for markup: drop fences, backticks and bold markers. */
function plainText(markdown: string): string {
  return markdown
    .replace(/^\s*```.*$/gm, '')
    .replace(/\*\*|`/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function tailOf(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(text.length - max)}`;
}

function lastLines(text: string, count: number): string {
  const lines = stripAnsi(text.slice(-2000)).replace(/\s+$/, '').split('\n');
  return lines.slice(-count).map((line) => tailOf(line, 160)).join('\n');
}
