/**
 * FlotillaClient over the headless server's WebSocket. One socket, request ids matched to
 * responses, pushed batches fanned out to listeners, and reconnect with backoff: a dropped
 * socket rejects whatever was in flight (the caller decides whether to retry) and the session
 * catches up on missed events after the next `true` from onConnectionChange.
 */
import type {
  ClientEvent,
  CommandName,
  CommandParams,
  CommandResult,
  FlotillaClient,
  Result,
  WireClientMessage,
} from '../../src-shared/protocol/api';
import { parseClientEvent, parseCommandResult } from './validate';

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

interface PendingRequest {
  command: string;
  settle: (raw: unknown) => void;
  reject: (error: Error) => void;
}

const OPEN = 1;
const MAX_DELAY_MS = 5_000;

/** Exponential from 250 ms, capped at 5 s, with ±20% jitter so many tabs do not retry in step. */
export function defaultReconnectDelay(attempt: number): number {
  const base = Math.min(MAX_DELAY_MS, 250 * 2 ** Math.min(attempt, 10));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export class WsClient implements FlotillaClient {
  private socket: SocketLike | null = null;
  private connected = false;
  private disposed = false;
  private nextId = 1;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly pending = new Map<number, PendingRequest>();
  private readonly eventListeners = new Set<(event: ClientEvent) => void>();
  private readonly connectionListeners = new Set<(connected: boolean) => void>();
  private readonly createSocket: (url: string) => SocketLike;
  private readonly reconnectDelay: (attempt: number) => number;

  constructor(private readonly options: WsClientOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
    this.reconnectDelay = options.reconnectDelay ?? defaultReconnectDelay;
    this.connect();
  }

  call<C extends CommandName>(command: C, params: CommandParams<C>): Promise<Result<CommandResult<C>>> {
    const socket = this.socket;
    if (!this.connected || !socket || socket.readyState !== OPEN) {
      return Promise.reject(new Error(`Not connected to Flotilla: "${command}" was not sent.`));
    }
    const id = this.nextId++;
    const message: WireClientMessage = { kind: 'request', id, command, params };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { command, reject, settle: (raw) => resolve(parseCommandResult(command, raw)) });
      socket.send(JSON.stringify(message));
    });
  }

  onEvent(listener: (event: ClientEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** A listener added while connected hears `true` right away, so it cannot miss the first open. */
  onConnectionChange(listener: (connected: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    // Only when already connected: otherwise the listener hears the open like everyone else.
    if (this.connected) {
      queueMicrotask(() => {
        if (this.connected && this.connectionListeners.has(listener)) listener(true);
      });
    }
    return () => this.connectionListeners.delete(listener);
  }

  /** Closes the socket for good: no reconnect, in-flight requests rejected. */
  dispose(): void {
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'client disposed');
    this.handleDrop('the client was closed');
  }

  private connect(): void {
    this.retryTimer = null;
    if (this.disposed) return;
    const socket = this.createSocket(this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempt = 0;
      this.setConnected(true);
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) this.handleMessage(event.data);
    };
    // onerror is always followed by onclose, which does the work.
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.handleDrop('the connection was lost');
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.disposed || this.retryTimer) return;
    const delay = this.reconnectDelay(this.attempt++);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private handleDrop(why: string): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const request of pending) {
      request.reject(new Error(`No answer to "${request.command}": ${why}. Flotilla is reconnecting.`));
    }
    this.setConnected(false);
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    for (const listener of [...this.connectionListeners]) listener(connected);
  }

  private handleMessage(data: unknown): void {
    const message = parseJson(data);
    if (!message) return;
    if (message.kind === 'response' && typeof message.id === 'number') {
      const request = this.pending.get(message.id);
      if (!request) return;
      this.pending.delete(message.id);
      request.settle(message.result);
    } else if (message.kind === 'event') {
      const event = parseClientEvent(message.event);
      if (!event) return;
      for (const listener of [...this.eventListeners]) listener(event);
    } else {
      console.warn('[flotilla] ignored an unknown message kind:', message.kind);
    }
  }
}

interface LooseMessage {
  kind?: unknown;
  id?: unknown;
  result?: unknown;
  event?: unknown;
}

function parseJson(data: unknown): LooseMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null ? (value as LooseMessage) : null;
  } catch {
    console.warn('[flotilla] dropped a message that is not JSON');
    return null;
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
