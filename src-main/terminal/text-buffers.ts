/**
 * Bounded text buffers for terminal output. A command can print without end (a dev server, a
 * runaway loop), so nothing that holds its output may grow without bound.
 */

/**
 * Turns the pty's CRLF line endings back into LF, so captured output equals what the program
 * wrote to a pipe. A CR at the end of a chunk is held back: its LF may arrive in the next one.
 */
export class CrlfNormalizer {
  private heldCr = false;

  push(chunk: string): string {
    let text = this.heldCr ? `\r${chunk}` : chunk;
    this.heldCr = text.endsWith('\r');
    if (this.heldCr) text = text.slice(0, -1);
    return text.replace(/\r\n/g, '\n');
  }

  flush(): string {
    const text = this.heldCr ? '\r' : '';
    this.heldCr = false;
    return text;
  }
}

/** Keeps the last `limit` characters of what was appended, in chunks so appends stay cheap. */
export class TailBuffer {
  private chunks: string[] = [];
  private length = 0;

  constructor(private readonly limit: number) {}

  append(text: string): void {
    if (!text) return;
    this.chunks.push(text);
    this.length += text.length;
    while (this.length > this.limit && this.chunks.length > 0) {
      const first = this.chunks[0] as string;
      const excess = this.length - this.limit;
      if (first.length <= excess) {
        this.chunks.shift();
        this.length -= first.length;
      } else {
        this.chunks[0] = first.slice(excess);
        this.length -= excess;
      }
    }
  }

  text(): string {
    const joined = this.chunks.join('');
    this.chunks = joined ? [joined] : [];
    return joined;
  }

  get size(): number {
    return this.length;
  }
}

/**
 * Keeps the first `headLimit` and last `tailLimit` characters, counting what fell in between.
 * Below the limits it is exact, which is what byte-complete capture needs.
 */
export class HeadTailBuffer {
  private head = '';
  private readonly tail: TailBuffer;
  private omittedChars = 0;
  private total = 0;

  constructor(
    private readonly headLimit: number,
    private readonly tailLimit: number,
  ) {
    this.tail = new TailBuffer(tailLimit);
  }

  append(text: string): void {
    this.total += text.length;
    if (this.head.length < this.headLimit) {
      const room = this.headLimit - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    if (!text) return;
    const before = this.tail.size + text.length;
    this.tail.append(text);
    this.omittedChars += before - this.tail.size;
  }

  get omitted(): number {
    return this.omittedChars;
  }

  get appended(): number {
    return this.total;
  }

  /** What was kept on either side of the dropped middle; null while nothing was dropped. */
  cut(): { head: string; tail: string } | null {
    return this.omittedChars === 0 ? null : { head: this.head, tail: this.tail.text() };
  }

  text(): string {
    if (this.omittedChars === 0) return this.head + this.tail.text();
    const note = `\n[... ${this.omittedChars} characters of output omitted ...]\n`;
    return this.head + note + this.tail.text();
  }
}
