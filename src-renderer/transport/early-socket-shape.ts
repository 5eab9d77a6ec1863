/** What the early socket script (early-socket.ts) leaves on `window` for the app to adopt (adopt-early-socket.ts). */
export const EARLY_SOCKET_GLOBAL = '__flotillaEarlySocket';

/** The early script's own request id: the shared client numbers its requests from 1. */
export const PREFETCH_REQUEST_ID = 0;

/** One thing the socket said before the app took it, in order. */
export type EarlySaid = { kind: 'open' } | { kind: 'message'; data: string } | { kind: 'close' };

/** The part of the DOM WebSocket the early script and its adopter use, so tests can hand in a fake. */
export interface EarlyWebSocket {
  readonly url: string;
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
}

export interface EarlySocket {
  socket: EarlyWebSocket;
  said: EarlySaid[];
  /** Requests the early script sent (after a hello of this protocol), answered by the id given. */
  prefetched: Array<{ id: number; command: 'app.info' }>;
}
