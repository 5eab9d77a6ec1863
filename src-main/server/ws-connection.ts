/**
 * One API client over a WebSocket: requests are validated against the wire schema and delegated
 * to FleetService.handle; fleet events are pushed as they come. A client that stops reading is
 * dropped instead of buffered without bound: it reconnects and catches up with thread.events.
 */
import { WebSocket, type RawData } from 'ws';
import {
  WireClientMessageSchema,
  fail,
  type ClientEvent,
  type Result,
  type WireServerMessage,
} from '../../src-shared/protocol/api';
import type { FleetService } from '../fleet/fleet-service';

export const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

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
  const unsubscribe = fleet.onEvent((event: ClientEvent) => send({ kind: 'event', event }));
  socket.on('message', (data) => {
    void answer(fleet, decode(data), log).then((response) => {
      if (response) send(response);
    });
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

/** The response to one raw message, or null when it cannot be answered (no recoverable id). */
export async function answer(
  fleet: FleetService,
  raw: string,
  log: (line: string) => void,
): Promise<WireServerMessage | null> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    log('ignored a message that is not JSON');
    return null;
  }
  const parsed = WireClientMessageSchema.safeParse(json);
  if (!parsed.success) {
    const id = recoverId(json);
    if (id === null) {
      log('ignored a malformed request without an id');
      return null;
    }
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`);
    return { kind: 'response', id, result: fail('invalid_request', `Malformed request (${problems.join('; ')}).`) };
  }
  const { id, command, params } = parsed.data;
  return { kind: 'response', id, result: await handleSafely(fleet, command, params) };
}

async function handleSafely(fleet: FleetService, command: string, params: unknown): Promise<Result<unknown>> {
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
  return typeof id === 'number' && Number.isInteger(id) ? id : null;
}
