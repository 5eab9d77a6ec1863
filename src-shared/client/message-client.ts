/**
 * FlotillaClient over a message transport (a WebSocket in the browser, `ws` in node): JSON text
 * both ways, parsed with the wire schemas. Each connection starts with the server's hello; only
 * after its version is checked are requests sent. A dropped connection fails what was in flight
 * (the caller decides whether to retry); whether it comes back is the transport's business.
 */
import type { TerminalPush } from '../protocol/api-terminal';
import type { ClientEvent, CommandName, CommandParams, CommandResult, Result } from '../protocol/api';
import { WireRefusalSchema, WireServerMessageSchema, type FlotillaClient, type WireHello, type WireRequest } from '../protocol/wire';
import { Listeners, soon } from './listeners';
import { RequestTracker } from './request-tracker';
import type { Warn } from './results';
import { checkHello, type ClientIdentity } from './version';

/** What the client hears from its transport, for every connection it makes. */
export interface MessageLink {
  opened(): void;
  received(text: string): void;
  closed(): void;
}

/** Moves text and nothing else. */
export interface MessageTransport {
  /** Starts connecting; every connection (and reconnection) is reported to `link`. */
  start(link: MessageLink): void;
  /** Only called while a connection is open. */
  send(text: string): void;
  /** Closes for good: no reconnect. */
  close(): void;
}

export interface MessageClientOptions {
  identity: ClientIdentity;
  warn: Warn;
  /** Said after "the connection was lost", e.g. "Flotilla is reconnecting." */
  afterDrop?: string;
  /** The first request id this client uses (default 1); lower ones belong to someone else on the same connection. */
  firstRequestId?: number;
}

type State =
  | { kind: 'connecting' }
  | { kind: 'awaiting_hello' }
  | { kind: 'ready'; hello: WireHello }
  | { kind: 'refused'; error: Error }
  | { kind: 'closed' };

interface HelloWaiter {
  resolve(hello: WireHello): void;
  reject(error: Error): void;
}

export class MessageClient implements FlotillaClient {
  private state: State = { kind: 'connecting' };
  private readonly tracker: RequestTracker;
  private readonly events = new Listeners<ClientEvent>();
  private readonly terminals = new Listeners<TerminalPush>();
  private readonly connection = new Listeners<{ connected: boolean; refusal?: Error }>();
  private helloWaiters: HelloWaiter[] = [];
  private connected = false;

  constructor(
    private readonly transport: MessageTransport,
    private readonly options: MessageClientOptions,
  ) {
    this.tracker = new RequestTracker(options.warn, options.firstRequestId);
    transport.start({
      opened: () => this.opened(),
      received: (text) => this.received(text),
      closed: () => this.closed(),
    });
  }

  call<C extends CommandName>(command: C, params: CommandParams<C>): Promise<Result<CommandResult<C>>> {
    if (this.state.kind === 'refused') return Promise.reject(this.state.error);
    if (this.state.kind !== 'ready') return Promise.reject(new Error(`Not connected to Flotilla: "${command}" was not sent.`));
    return this.tracker.track(command, (id) => {
      const request: WireRequest = { kind: 'request', id, command, params };
      this.transport.send(JSON.stringify(request));
    });
  }

  onEvent(listener: (event: ClientEvent) => void): () => void {
    return this.events.add(listener);
  }

  onTerminal(listener: (push: TerminalPush) => void): () => void {
    return this.terminals.add(listener);
  }

  /** A listener added while connected hears `true` right away, so it cannot miss the first open. */
  onConnectionChange(listener: (connected: boolean, refusal?: Error) => void): () => void {
    const tell = ({ connected, refusal }: { connected: boolean; refusal?: Error }) => listener(connected, refusal);
    const remove = this.connection.add(tell);
    if (this.state.kind === 'ready') {
      soon(() => {
        if (this.state.kind === 'ready' && this.connection.has(tell)) listener(true);
      });
    }
    return remove;
  }

  /** Resolves with the hello of the current or next connection; rejects when it is refused or closes first. */
  ready(): Promise<WireHello> {
    if (this.state.kind === 'ready') return Promise.resolve(this.state.hello);
    if (this.state.kind === 'refused') return Promise.reject(this.state.error);
    if (this.state.kind === 'closed') return Promise.reject(new Error('The Flotilla client was closed.'));
    return new Promise((resolve, reject) => this.helloWaiters.push({ resolve, reject }));
  }

  /** Closes the connection for good; requests in flight fail. */
  dispose(): void {
    if (this.state.kind === 'closed') return;
    this.state = { kind: 'closed' };
    this.transport.close();
    this.lost('the client was closed');
  }

  private opened(): void {
    if (this.state.kind === 'closed' || this.state.kind === 'refused') return;
    this.state = { kind: 'awaiting_hello' };
  }

  private received(text: string): void {
    if (this.state.kind === 'awaiting_hello') return this.greeted(parseJson(text, this.options.warn));
    if (this.state.kind !== 'ready') return;
    const json = parseJson(text, this.options.warn);
    if (json === undefined) return;
    const message = WireServerMessageSchema.safeParse(json);
    if (!message.success) return this.malformed(json, message.error.issues);
    const data = message.data;
    if (data.kind === 'response') {
      if (!this.tracker.settle(data.id, data.result)) this.options.warn(`[flotilla] ignored a response to unknown request ${data.id}`);
    } else if (data.kind === 'event') {
      this.events.tell(data.event);
    } else if (data.kind === 'terminal') {
      this.terminals.tell(data.push);
    } else if (data.kind === 'error') {
      this.options.warn(`[flotilla] the server could not read a message: ${data.error.message}`);
    } else if (data.kind === 'refused') {
      this.options.warn(`[flotilla] ignored a refusal after the hello: ${data.message}`);
    } else {
      this.options.warn('[flotilla] ignored a second hello on one connection');
    }
  }

  private greeted(json: unknown): void {
    // The server refused us (a wrong or missing token) instead of saying hello.
    const refusal = WireRefusalSchema.safeParse(json);
    const checked = refusal.success ? { ok: false as const, error: new ConnectionRefusedError(refusal.data.message) } : checkHello(json, this.options.identity);
    if (!checked.ok) {
      // Refused for good: reconnecting would meet the same server.
      this.state = { kind: 'refused', error: checked.error };
      this.transport.close();
      for (const waiter of this.takeWaiters()) waiter.reject(checked.error);
      this.connected = false;
      this.connection.tell({ connected: false, refusal: checked.error });
      return;
    }
    this.state = { kind: 'ready', hello: checked.hello };
    for (const waiter of this.takeWaiters()) waiter.resolve(checked.hello);
    this.setConnected(true);
  }

  /** A message that breaks the schema fails its request when it names one, and is dropped otherwise. */
  private malformed(json: unknown, issues: unknown[]): void {
    this.options.warn('[flotilla] dropped a malformed message:', issues.slice(0, 3));
    const id = responseId(json);
    if (id !== null) this.tracker.settle(id, { ok: false, error: { code: 'internal', message: 'Flotilla sent a malformed response.' } });
  }

  private closed(): void {
    if (this.state.kind === 'closed' || this.state.kind === 'refused') return;
    this.state = { kind: 'connecting' };
    this.lost(`the connection was lost${this.options.afterDrop ? `. ${this.options.afterDrop}` : ''}`);
  }

  private lost(why: string): void {
    this.tracker.failAll((command) => new Error(`No answer to "${command}": ${why}`));
    const error = new Error(`The connection to Flotilla closed before it said hello: ${why}`);
    for (const waiter of this.takeWaiters()) waiter.reject(error);
    this.setConnected(false);
  }

  /** Listeners hear changes only: a reconnect attempt that fails before its hello says nothing. */
  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.connection.tell({ connected });
  }

  private takeWaiters(): HelloWaiter[] {
    const waiters = this.helloWaiters;
    this.helloWaiters = [];
    return waiters;
  }
}

/** The server would not let this client in; what to do is in the message. */
export class ConnectionRefusedError extends Error {
  override readonly name = 'ConnectionRefusedError';
}

function parseJson(text: string, warn: Warn): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    warn('[flotilla] dropped a message that is not JSON');
    return undefined;
  }
}

function responseId(json: unknown): number | null {
  if (typeof json !== 'object' || json === null) return null;
  const { kind, id } = json as { kind?: unknown; id?: unknown };
  return kind === 'response' && typeof id === 'number' ? id : null;
}
