/**
 * The size of a command's output as the model reads it (stripAnsi of it), counted while the
 * output streams in, so the figures stay true however little of the output is kept. Wherever
 * the chunks are split, the result equals measuring stripAnsi of the whole output at once.
 */
import type { OutputSize } from './pty-shell-types';

/** An escape sequence begun but not yet complete: the tokenizer of ansi.ts, one state per step. */
type Pending =
  | { kind: 'none' }
  | { kind: 'esc' }
  /** ESC [ and what followed (ASCII): `length` bytes, kept if the sequence fails. */
  | { kind: 'csi'; length: number; intermediates: boolean }
  /** ESC ] and its body so far; `escSeen`: the body met an ESC (its end, if a backslash follows). */
  | { kind: 'osc'; body: Measure; escSeen: boolean };

interface Measure {
  bytes: number;
  newlines: number;
  endsWithNewline: boolean;
}

const NONE: Pending = { kind: 'none' };
const ESC = 0x1b;
const OSC_END = /[\x07\x1b]/g;

export class OutputMeter {
  private readonly kept: Measure = emptyMeasure();
  private pending: Pending = NONE;
  /** A high surrogate ending a chunk: its pair may start the next one. */
  private heldSurrogate = '';

  push(chunk: string): void {
    let text = this.heldSurrogate + chunk;
    this.heldSurrogate = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.heldSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    let at = 0;
    while (at < text.length) at = this.step(text, at);
  }

  /** Ends the count: the figures of the whole output (a sequence left open counts as text). */
  end(): OutputSize {
    this.flush();
    const { bytes, newlines, endsWithNewline } = this.kept;
    return { bytes, lines: newlines + (bytes > 0 && !endsWithNewline ? 1 : 0) };
  }

  /** Consumes from `at` in the current state; returns where to go on (may be `at`: re-read it). */
  private step(text: string, at: number): number {
    const pending = this.pending;
    switch (pending.kind) {
      case 'none': {
        const esc = text.indexOf('\x1b', at);
        const end = esc < 0 ? text.length : esc;
        addSpan(this.kept, text, at, end);
        if (esc >= 0) this.pending = { kind: 'esc' };
        return esc < 0 ? end : esc + 1;
      }
      case 'esc':
        return this.afterEsc(text.charCodeAt(at), at);
      case 'csi':
        return this.inCsi(pending, text, at);
      case 'osc':
        return pending.escSeen ? this.afterOscEsc(pending, text.charCodeAt(at), at) : this.inOscBody(pending, text, at);
    }
  }

  private afterEsc(code: number, at: number): number {
    if (code === 0x5b) this.pending = { kind: 'csi', length: 2, intermediates: false };
    else if (code === 0x5d) this.pending = { kind: 'osc', body: emptyMeasure(), escSeen: false };
    else if ((code >= 0x40 && code <= 0x5a) || (code >= 0x5c && code <= 0x5f)) this.pending = NONE;
    else return this.fail(1, at);
    return at + 1;
  }

  /** Reads parameters, then intermediates, then the final byte; anything else fails the sequence. */
  private inCsi(csi: Extract<Pending, { kind: 'csi' }>, text: string, at: number): number {
    for (; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code >= 0x40 && code <= 0x7e) {
        this.pending = NONE;
        return at + 1;
      }
      if (code >= 0x20 && code <= 0x2f) csi.intermediates = true;
      else if (!(code >= 0x30 && code <= 0x3f && !csi.intermediates)) return this.fail(csi.length, at);
      csi.length++;
    }
    return at;
  }

  private inOscBody(osc: Extract<Pending, { kind: 'osc' }>, text: string, at: number): number {
    OSC_END.lastIndex = at;
    const found = OSC_END.exec(text);
    const end = found ? found.index : text.length;
    addSpan(osc.body, text, at, end);
    if (!found) return end;
    if (text.charCodeAt(end) === ESC) this.pending = { ...osc, escSeen: true };
    else this.pending = NONE;
    return end + 1;
  }

  /** ESC ] ... ESC: ends the sequence with a backslash; else ESC ] alone was an escape, the body text. */
  private afterOscEsc(osc: Extract<Pending, { kind: 'osc' }>, code: number, at: number): number {
    this.pending = NONE;
    if (code === 0x5c) return at + 1;
    addMeasure(this.kept, osc.body);
    this.pending = { kind: 'esc' };
    return at;
  }

  /** The sequence did not match: its `length` ASCII bytes are text, and `at` is read afresh. */
  private fail(length: number, at: number): number {
    addMeasure(this.kept, { bytes: length, newlines: 0, endsWithNewline: false });
    this.pending = NONE;
    return at;
  }

  private flush(): void {
    // A high surrogate left unpaired is a character of its own (and may sit inside a sequence).
    const lone = this.heldSurrogate;
    this.heldSurrogate = '';
    for (let at = 0; at < lone.length; ) at = this.step(lone, at);
    const pending = this.pending;
    this.pending = NONE;
    if (pending.kind === 'esc') this.fail(1, 0);
    if (pending.kind === 'csi') this.fail(pending.length, 0);
    if (pending.kind !== 'osc') return;
    addMeasure(this.kept, pending.body);
    if (pending.escSeen) this.fail(1, 0);
  }
}

function emptyMeasure(): Measure {
  return { bytes: 0, newlines: 0, endsWithNewline: false };
}

function addSpan(measure: Measure, text: string, start: number, end: number): void {
  if (end <= start) return;
  measure.bytes += Buffer.byteLength(start === 0 && end === text.length ? text : text.slice(start, end), 'utf8');
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) measure.newlines++;
  measure.endsWithNewline = text.charCodeAt(end - 1) === 0x0a;
}

function addMeasure(measure: Measure, more: Measure): void {
  if (more.bytes === 0) return;
  measure.bytes += more.bytes;
  measure.newlines += more.newlines;
  measure.endsWithNewline = more.endsWithNewline;
}
