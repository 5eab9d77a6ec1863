/**
 * FlotillaClient over a running server's WebSocket, for the CLI (Node's `ws`). Unlike the
 * renderer's client it never reconnects: a CLI command is short-lived, so a dropped socket fails
 * what was in flight and the command reports it. Everything received is checked against the
 * contract's zod schemas before a command sees it.
 */
import { WebSocket, type RawData } from 'ws';
import { z } from 'zod';
import {
  ClientEventSchema,
  ErrorCodeSchema,
  commands,
  fail,
  type ClientEvent,
  type CommandName,
  type CommandParams,
  type CommandResult,
  type FlotillaClient,
  type Result,
  type WireClientMessage,
} from '../../src-shared/protocol/api';

/** Why a socket could not be opened: the HTTP status of a refused upgrade, or a network error code. */
export type OpenFailure = { kind: 'http'; status: number } | { kind: 'network'; code: string; message: string };

export class OpenError extends Error {
  constructor(readonly failure: OpenFailure) {
    super(failure.kind === 'http' ? `refused with HTTP ${failure.status}` : failure.message);
  }
}

interface Pending {
  command: string;
  settle: (raw: unknown) => void;
  reject: (error: Error) => void;
}

const HANDSHAKE_TIMEOUT_MS = 10_000;

export class RemoteClient implements FlotillaClient {
  private nextId = 1;
  private closed = false;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Set<(event: ClientEvent) => void>();
  private readonly connectionListeners = new Set<(connected: boolean) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.handleMessage(data));
    socket.on('error', () => undefined);
    socket.once('close', () => this.handleClose());
  }

  /** Opens the socket (no Origin header: the server reserves Origin checks for browsers). */
  static open(url: string): Promise<RemoteClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
      socket.once('unexpected-response', (_req, res) => {
        reject(new OpenError({ kind: 'http', status: res.statusCode ?? 0 }));
        socket.terminate();
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        reject(new OpenError({ kind: 'network', code: error.code ?? 'UNKNOWN', message: error.message }));
      });
      socket.once('open', () => resolve(new RemoteClient(socket)));
    });
  }

  call<C extends CommandName>(command: C, params: CommandParams<C>): Promise<Result<CommandResult<C>>> {
    if (this.closed || this.socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new Error(`Not connected to the Flotilla server: "${command}" was not sent.`));
    }
    const id = this.nextId++;
    const message: WireClientMessage = { kind: 'request', id, command, params };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { command, reject, settle: (raw) => resolve(parseCommandResult(command, raw)) });
      this.socket.send(JSON.stringify(message));
    });
  }

  onEvent(listener: (event: ClientEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Hears `false` once, when the server goes away; this client never reconnects. */
  onConnectionChange(listener: (connected: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  /** Closes the socket; resolves once it is closed. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close(1000, 'done');
    });
  }

  private handleClose(): void {
    this.closed = true;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const request of pending) request.reject(new Error(`The Flotilla server closed the connection before answering "${request.command}".`));
    for (const listener of [...this.connectionListeners]) listener(false);
  }

  private handleMessage(data: RawData): void {
    const message = parseJson(decode(data));
    if (message === null) return;
    if (message.kind === 'response' && typeof message.id === 'number') {
      const request = this.pending.get(message.id);
      if (!request) return;
      this.pending.delete(message.id);
      request.settle(message.result);
    } else if (message.kind === 'event') {
      const event = ClientEventSchema.safeParse(message.event);
      // A malformed batch is dropped here rather than handed to a printer half-valid.
      if (!event.success) return;
      for (const listener of [...this.eventListeners]) listener(event.data);
    }
  }
}

/** Checks a command's result against its schema; a mismatch becomes an `internal` error. */
export function parseCommandResult<C extends CommandName>(command: C, raw: unknown): Result<CommandResult<C>> {
  const envelope = EnvelopeSchema.safeParse(raw);
  if (!envelope.success) return fail('internal', `Malformed response to "${command}" from the Flotilla server.`);
  if (!envelope.data.ok) {
    const code = ErrorCodeSchema.safeParse(envelope.data.error.code);
    // Keep the server's message even when its code is newer than this CLI knows.
    return { ok: false, error: { code: code.success ? code.data : 'internal', message: envelope.data.error.message } };
  }
  const parsed = commands[command].result.safeParse(envelope.data.value);
  if (!parsed.success) return fail('internal', `The server's answer to "${command}" did not match the API contract; is it another version of Flotilla?`);
  // The schema for C produced this value; TS cannot narrow the indexed-access union by itself.
  return { ok: true, value: parsed.data as CommandResult<C> };
}

const EnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);

interface LooseMessage {
  kind?: unknown;
  id?: unknown;
  result?: unknown;
  event?: unknown;
}

function decode(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}

function parseJson(text: string): LooseMessage | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as LooseMessage) : null;
  } catch {
    return null;
  }
}
