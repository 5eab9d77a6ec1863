/** What the early socket script (early-socket.ts) leaves on `window` for the app to adopt (adopt-early-socket.ts). */
export const EARLY_SOCKET_GLOBAL = '__flotillaEarlySocket';

/**
 * The early script's own request ids. The page's client numbers its requests from
 * FIRST_PAGE_REQUEST_ID, so an answer to one of these is never taken for an answer to its own.
 */
export const EARLY_REQUEST_IDS = { appInfo: 0, initialRepo: 1 } as const;
export const FIRST_PAGE_REQUEST_ID = Math.max(...Object.values(EARLY_REQUEST_IDS)) + 1;

/** A request the early script sent, as the app would send it first thing. */
export interface EarlyRequest {
  id: number;
  command: 'app.info' | 'repo.open';
  params: Record<string, unknown>;
}

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
  prefetched: EarlyRequest[];
}
