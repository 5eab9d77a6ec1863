/**
 * JSON-RPC over stdio with `codex app-server`: one JSON object per line each way. Requests we send
 * get a numeric id and a promise; requests Codex sends (approvals) and notifications go to handlers.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface RpcMessage {
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code?: number; message?: string };
}

export interface RpcHandlers {
  onNotification(method: string, params: unknown): void;
  /** A request from Codex; resolve with its result. */
  onRequest(method: string, params: unknown): Promise<unknown>;
  /** The process ended or its stdout closed; every pending request has been rejected. */
  onClose(reason: string): void;
}

export class CodexRpcError extends Error {}

export class CodexRpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; method: string }>();
  private closed: string | null = null;
  private stderrTail = '';

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly handlers: RpcHandlers,
  ) {
    createInterface({ input: child.stdout }).on('line', (line) => this.receive(line));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-2000);
    });
    child.once('exit', (code, signal) => this.close(`codex app-server exited (${signal ?? `code ${code}`})${this.stderrNote()}`));
    child.once('error', (err) => this.close(`codex app-server failed: ${err.message}`));
    child.stdin.on('error', () => undefined);
  }

  request<T>(method: string, params: unknown): Promise<T> {
    if (this.closed) return Promise.reject(new CodexRpcError(this.closed));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.send({ id, method, params });
    });
  }

  notify(method: string, params?: unknown): void {
    this.send(params === undefined ? { method } : { method, params });
  }

  get stderr(): string {
    return this.stderrTail;
  }

  private send(message: RpcMessage): void {
    if (this.closed) return;
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  private receive(line: string): void {
    if (line.trim() === '') return;
    let message: RpcMessage;
    try {
      message = JSON.parse(line) as RpcMessage;
    } catch {
      return; // Codex logs go to stderr; a stray non-JSON line is not ours to act on.
    }
    if (message.method !== undefined && message.id !== undefined) this.answer(message.id, message.method, message.params);
    else if (message.method !== undefined) this.handlers.onNotification(message.method, message.params);
    else if (typeof message.id === 'number') this.settle(message.id, message);
  }

  private answer(id: number | string, method: string, params: unknown): void {
    this.handlers.onRequest(method, params).then(
      (result) => this.send({ id, result }),
      (err: unknown) => this.send({ id, error: { code: -32000, message: err instanceof Error ? err.message : String(err) } }),
    );
  }

  private settle(id: number, message: RpcMessage): void {
    const waiter = this.pending.get(id);
    if (!waiter) return;
    this.pending.delete(id);
    if (message.error) waiter.reject(new CodexRpcError(`${waiter.method}: ${message.error.message ?? 'error'}`));
    else waiter.resolve(message.result);
  }

  private close(reason: string): void {
    if (this.closed) return;
    this.closed = reason;
    for (const waiter of this.pending.values()) waiter.reject(new CodexRpcError(reason));
    this.pending.clear();
    this.handlers.onClose(reason);
  }

  private stderrNote(): string {
    const tail = this.stderrTail.trim().split('\n').slice(-3).join(' | ');
    return tail ? `: ${tail}` : '';
  }
}
