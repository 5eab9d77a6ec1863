/**
 * One command the agent runs in a shell session: its nonce, its captured output (markers already
 * stripped by the session, CRLF turned back into LF here) and its end.
 */
import { randomBytes } from 'node:crypto';
import { CrlfNormalizer } from './text-buffers';

export class Execution {
  readonly nonce = randomBytes(8).toString('hex');
  /** Set when the shell reported the end of the command (null code: the shell went away). */
  exitCode: number | null = null;
  finished = false;
  started = false;
  readonly done: Promise<number | null>;
  /** Settles when the command starts running (its start marker) or ends without starting. */
  readonly begun: Promise<void>;
  private resolveDone!: (code: number | null) => void;
  private resolveBegun!: () => void;
  private readonly normalizer = new CrlfNormalizer();

  constructor(private readonly onOutput: (chunk: string) => void) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.begun = new Promise((resolve) => (this.resolveBegun = resolve));
  }

  start(): void {
    this.started = true;
    this.resolveBegun();
  }

  capture(text: string): void {
    const chunk = this.normalizer.push(text);
    if (chunk) this.onOutput(chunk);
  }

  finish(code: number | null): void {
    if (this.finished) return;
    const rest = this.normalizer.flush();
    if (rest) this.onOutput(rest);
    this.finished = true;
    this.exitCode = code;
    this.resolveDone(code);
    this.resolveBegun();
  }
}

