/**
 * One command the agent runs in a shell session: its nonce, its captured output (markers already
 * stripped by the session, CRLF turned back into LF here) and its end.
 */
import { randomBytes } from 'node:crypto';
import { CrlfNormalizer } from './text-buffers';

/** Waiting for its start marker, running, or ended (exit code null: stopped, or the shell went away). */
type ExecutionPhase = { kind: 'waiting' } | { kind: 'running' } | { kind: 'finished'; exitCode: number | null };

export class Execution {
  readonly nonce = randomBytes(8).toString('hex');
  readonly done: Promise<number | null>;
  /** Settles when the command starts running (its start marker) or ends without starting. */
  readonly begun: Promise<void>;
  private phase: ExecutionPhase = { kind: 'waiting' };
  private resolveDone!: (code: number | null) => void;
  private resolveBegun!: () => void;
  private readonly normalizer = new CrlfNormalizer();

  constructor(private readonly onOutput: (chunk: string) => void) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.begun = new Promise((resolve) => (this.resolveBegun = resolve));
  }

  get finished(): boolean {
    return this.phase.kind === 'finished';
  }

  /** Set when the shell reported the end of the command (null: not ended, or the shell went away). */
  get exitCode(): number | null {
    return this.phase.kind === 'finished' ? this.phase.exitCode : null;
  }

  start(): void {
    if (this.phase.kind !== 'waiting') return;
    this.phase = { kind: 'running' };
    this.resolveBegun();
  }

  capture(text: string): void {
    const chunk = this.normalizer.push(text);
    if (chunk) this.onOutput(chunk);
  }

  finish(code: number | null): void {
    if (this.phase.kind === 'finished') return;
    const rest = this.normalizer.flush();
    if (rest) this.onOutput(rest);
    this.phase = { kind: 'finished', exitCode: code };
    this.resolveDone(code);
    this.resolveBegun();
  }
}
