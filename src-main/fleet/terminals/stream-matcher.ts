/**
 * Test support: checks a huge terminal stream byte-exact without keeping it: finds a start
 * token, hashes exactly `length` characters after it, then keeps a few characters that follow.
 */
import { createHash, type Hash } from 'node:crypto';

export class StreamMatcher {
  private before = '';
  private hash: Hash | null = null;
  private taken = 0;
  after = '';

  constructor(
    private readonly start: string,
    private readonly length: number,
  ) {}

  get done(): boolean {
    return this.taken === this.length && this.after.length >= 16;
  }

  get digest(): string {
    return this.hash ? this.hash.digest('hex') : '';
  }

  push(data: string): void {
    let rest = data;
    if (!this.hash) {
      this.before = (this.before + rest).slice(-(this.start.length + rest.length));
      const at = this.before.indexOf(this.start);
      if (at < 0) {
        this.before = this.before.slice(-this.start.length);
        return;
      }
      this.hash = createHash('sha256');
      rest = this.before.slice(at + this.start.length);
    }
    const take = Math.min(rest.length, this.length - this.taken);
    if (take > 0) this.hash.update(rest.slice(0, take), 'utf8');
    this.taken += take;
    if (this.after.length < 64) this.after += rest.slice(take, take + 64);
  }
}

/** What `yes <line> | head -c <bytes>` prints through a pty (LF becomes CR LF): its sha256 and length. */
export function expectedYesOutput(line: string, bytes: number): { digest: string; length: number } {
  const hash = createHash('sha256');
  const unit = `${line}\n`;
  const block = unit.repeat(Math.max(1, Math.floor(65_536 / unit.length)));
  let left = bytes;
  let length = 0;
  while (left > 0) {
    const piece = left >= block.length ? block : block.slice(0, left);
    const converted = piece.replace(/\n/g, '\r\n');
    hash.update(converted, 'utf8');
    length += converted.length;
    left -= piece.length;
  }
  return { digest: hash.digest('hex'), length };
}
