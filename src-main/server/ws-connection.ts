/**
 * One API client over a WebSocket: the hello goes first, then requests are parsed with the wire
 * schema and delegated to FleetService.handle; fleet events are pushed as they come. Whatever a
 * client sends, it hears why it was refused (`invalid_request`) and the server goes on. A client
 * that stops reading is dropped instead of buffered without bound: it reconnects and catches up
 * with thread.events.
 */
import { WebSocket, type RawData } from 'ws';
import { fail, type ClientEvent, type Result } from '../../src-shared/protocol/api';
import { WireRequestSchema, helloMessage, type WireServerMessage } from '../../src-shared/protocol/wire';
import type { FleetService } from '../fleet/fleet-service';

export const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Requests are small; a larger one is answered `invalid_request` without being parsed. */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

export interface ConnectionOptions {
  fleet: FleetService;
  /** Past this many bytes waiting to be sent, the client is dropped. */
  maxBufferedBytes: number;
  log: (line: string) => void;
}

/** Serves `socket` until it closes. Returns a disposer that drops the client. */
export function serveConnection(socket: WebSocket, options: ConnectionOptions): () => void {
  const { fleet, log } = options;
  const send = (message: WireServerMessage): void => {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > options.maxBufferedBytes) {
      log(`dropping a client that is ${socket.bufferedAmount} bytes behind; it will catch up on reconnect`);
      socket.terminate();
      return;
    }
    socket.send(JSON.stringify(message));
  };
  send(helloMessage(fleet.appVersion));
  const stopEvents = fleet.onEvent((event: ClientEvent) => send({ kind: 'event', event }));
  // The connection's own terminal views: detached when it closes, so a gone client holds no pty back.
  const connection = fleet.connect?.((push) => send({ kind: 'terminal', push }));
  const unsubscribe = () => {
    stopEvents();
    connection?.close();
  };
  socket.on('message', (data) => {
    void answer(connection ?? fleet, decode(data), log).then(send);
  });
  socket.on('error', (error) => log(`client socket error: ${error.message}`));
  socket.once('close', unsubscribe);
  return () => {
    unsubscribe();
    socket.terminate();
  };
}

/** Text and binary frames are both read as UTF-8 JSON. */
function decode(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}

/** The answer to one raw message: its response, or an error for a message that names no request. */
export async function answer(fleet: Pick<FleetService, 'handle'>, raw: string, log: (line: string) => void): Promise<WireServerMessage> {
  // Characters, not bytes: close enough for a limit that only keeps absurd messages out.
  if (raw.length > MAX_REQUEST_BYTES) {
    log(`refused a request of ${raw.length} characters`);
    return refusal(idFromHead(raw), `The request is ${raw.length} characters long; Flotilla accepts at most ${MAX_REQUEST_BYTES}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    log('refused a message that is not JSON');
    return refusal(null, 'The message is not JSON; send {"kind":"request","id":N,"command":...,"params":...}.');
  }
  const parsed = WireRequestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`);
    log('refused a malformed request');
    return refusal(recoverId(json), `Malformed request (${problems.join('; ')}).`);
  }
  const { id, command, params } = parsed.data;
  return { kind: 'response', id, result: await handleSafely(fleet, command, params) };
}

function refusal(id: number | null, message: string): WireServerMessage {
  const error = { code: 'invalid_request' as const, message };
  return id === null ? { kind: 'error', error } : { kind: 'response', id, result: { ok: false, error } };
}

async function handleSafely(fleet: Pick<FleetService, 'handle'>, command: string, params: unknown): Promise<Result<unknown>> {
  try {
    return await fleet.handle(command, params);
  } catch (error) {
    // handle() promises never to throw; if it does, that is a bug, but one client must not crash the server.
    const message = error instanceof Error ? error.message : String(error);
    return fail('internal', `Internal error while running ${command}: ${message}`);
  }
}

function recoverId(json: unknown): number | null {
  if (typeof json !== 'object' || json === null || !('id' in json)) return null;
  const id = json.id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : null;
}

/** The id of an oversized request, from its first bytes (our clients write `kind` and `id` first). */
function idFromHead(raw: string): number | null {
  const match = /^\s*\{[^{}]{0,80}?"id"\s*:\s*(\d{1,15})\s*[,}]/.exec(raw.slice(0, 200));
  return match ? Number(match[1]) : null;
}
