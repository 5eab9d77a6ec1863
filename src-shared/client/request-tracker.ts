/**
 * Requests in flight on one connection: ids handed out in order, answers matched back by id in
 * whatever order they come, and every open request failed at once when the connection goes.
 */
import type { CommandName, CommandResult, Result } from '../protocol/api';
import type { WireResult } from '../protocol/wire';
import { checkCommandResult, type Warn } from './results';

interface Pending {
  command: string;
  settle(result: WireResult): void;
  reject(error: Error): void;
}

export class RequestTracker {
  private nextId: number;
  private readonly pending = new Map<number, Pending>();

  /** `firstId`: ids below it are left to requests sent before this client existed (a page's early socket). */
  constructor(
    private readonly warn: Warn,
    firstId = 1,
  ) {
    this.nextId = firstId;
  }

  get size(): number {
    return this.pending.size;
  }

  /** Registers a request; `send` gets its id and puts it on the wire (a throw fails the call). */
  track<C extends CommandName>(command: C, send: (id: number) => void): Promise<Result<CommandResult<C>>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const settle = (result: WireResult) => resolve(checkCommandResult(command, result, this.warn));
      this.pending.set(id, { command, settle, reject });
      try {
        send(id);
      } catch (error) {
        this.pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Settles the request with this id; false when no request has it (answered already, or never sent). */
  settle(id: number, result: WireResult): boolean {
    const request = this.pending.get(id);
    if (!request) return false;
    this.pending.delete(id);
    request.settle(result);
    return true;
  }

  /** Fails every open request with the error `why` makes for its command. */
  failAll(why: (command: string) => Error): void {
    const open = [...this.pending.values()];
    this.pending.clear();
    for (const request of open) request.reject(why(request.command));
  }
}
