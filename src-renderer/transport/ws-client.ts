/**
 * FlotillaClient over the headless server's WebSocket: the shared MessageClient (ids, hello and
 * version check, schemas) over a socket that reconnects with backoff. A dropped socket fails what
 * was in flight (the caller decides whether to retry) and the session catches up on missed events
 * after the next `true` from onConnectionChange.
 */
import { MessageClient, type MessageLink, type MessageTransport } from '../../src-shared/client/message-client';
import type { ClientIdentity } from '../../src-shared/client/version';
import { FIRST_PAGE_REQUEST_ID } from './early-socket-shape';

/** The part of the DOM WebSocket this client uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
}

export interface WsClientOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** Delay before reconnect attempt `attempt` (0-based). */
  reconnectDelay?: (attempt: number) => number;
}

const OPEN = 1;
const MAX_DELAY_MS = 5_000;

/** The page is served by the server it talks to: a mismatch means this tab holds an old page. */
const PAGE_IDENTITY: ClientIdentity = {
  name: 'This page',
  upgradeSelf: 'reload the page to load the version the server runs',
  upgradeOther: 'reload the page; if that does not help, restart `flotilla serve` from the same installation',
};

/** Exponential from 250 ms, capped at 5 s, with ±20% jitter so many tabs do not retry in step. */
export function defaultReconnectDelay(attempt: number): number {
  const base = Math.min(MAX_DELAY_MS, 250 * 2 ** Math.min(attempt, 10));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export class WsClient extends MessageClient {
  constructor(options: WsClientOptions) {
    super(new ReconnectingSocket(options), {
      identity: PAGE_IDENTITY,
      warn: (message, detail) => console.warn(message, ...(detail === undefined ? [] : [detail])),
      afterDrop: 'Flotilla is reconnecting.',
      // The page's early socket, which this client may adopt, has sent requests of its own.
      firstRequestId: FIRST_PAGE_REQUEST_ID,
    });
  }
}

/** Moves text over one browser WebSocket at a time, opening a new one with backoff when it drops. */
class ReconnectingSocket implements MessageTransport {
  private socket: SocketLike | null = null;
  private link: MessageLink | null = null;
  private stopped = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly createSocket: (url: string) => SocketLike;
  private readonly reconnectDelay: (attempt: number) => number;

  constructor(private readonly options: WsClientOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
    this.reconnectDelay = options.reconnectDelay ?? defaultReconnectDelay;
  }

  start(link: MessageLink): void {
    this.link = link;
    this.connect();
  }

  send(text: string): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) throw new Error('Not connected to Flotilla: the socket is not open.');
    socket.send(text);
  }

  close(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'client closed');
  }

  private connect(): void {
    this.retryTimer = null;
    if (this.stopped || !this.link) return;
    const link = this.link;
    const socket = this.createSocket(this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempt = 0;
      link.opened();
    };
    socket.onmessage = (event) => {
      if (this.socket === socket && typeof event.data === 'string') link.received(event.data);
    };
    // onerror is always followed by onclose, which does the work.
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      link.closed();
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = this.reconnectDelay(this.attempt++);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }
}

const TOKEN_KEY = 'flotilla.token';

/**
 * The server's token comes from the page URL (`?token=`); it is kept in sessionStorage so a reload
 * of a URL without it (or a hash change) still authenticates, and does not outlive the tab.
 */
export function resolveToken(search: string, storage: Pick<Storage, 'getItem' | 'setItem'> | null): string | null {
  const fromUrl = new URLSearchParams(search).get('token');
  if (fromUrl) {
    try {
      storage?.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage can be disabled (privacy modes); the URL token still works for this load.
    }
    return fromUrl;
  }
  try {
    return storage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

export function socketUrl(location: Pick<Location, 'protocol' | 'host'>, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}://${location.host}/api${query}`;
}
