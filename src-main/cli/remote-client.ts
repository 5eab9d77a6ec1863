/**
 * FlotillaClient over a running server's WebSocket, for the CLI (Node's `ws`): the shared
 * MessageClient over a socket that never reconnects. A CLI command is short-lived, so a dropped
 * socket fails what was in flight and the command reports it. `open` resolves only after the
 * server's hello passed the version check; a server of another protocol is refused with a
 * message that says which side to upgrade.
 */
import { WebSocket, type RawData } from 'ws';
import { MessageClient, type MessageLink, type MessageTransport } from '../../src-shared/client/message-client';
import type { Warn } from '../../src-shared/client/results';
import { VersionMismatchError, type ClientIdentity } from '../../src-shared/client/version';

/** Why a socket could not be opened: the HTTP status of a refused upgrade, or a network error code. */
export type OpenFailure = { kind: 'http'; status: number } | { kind: 'network'; code: string; message: string };

export class OpenError extends Error {
  constructor(readonly failure: OpenFailure) {
    super(failure.kind === 'http' ? `refused with HTTP ${failure.status}` : failure.message);
  }
}

export { VersionMismatchError };

const HANDSHAKE_TIMEOUT_MS = 10_000;

const CLI_IDENTITY: ClientIdentity = {
  name: 'This flotilla CLI',
  upgradeSelf: 'upgrade this CLI to the server\'s version',
  upgradeOther: 'restart `flotilla serve` from this installation, or use the CLI that came with the running server',
};

export interface RemoteClientOptions {
  /** Where dropped messages are reported; silent by default (the CLI's output is the user's). */
  warn?: Warn;
  identity?: ClientIdentity;
}

export class RemoteClient extends MessageClient {
  private constructor(
    /** The socket underneath, for tests that must also speak raw. */
    readonly socket: WebSocket,
    transport: MessageTransport,
    options: RemoteClientOptions,
  ) {
    super(transport, { identity: options.identity ?? CLI_IDENTITY, warn: options.warn ?? (() => undefined) });
  }

  /** Opens the socket (no Origin header: the server reserves Origin checks for browsers) and waits for a compatible hello. */
  static async open(url: string, options: RemoteClientOptions & { headers?: Record<string, string> } = {}): Promise<RemoteClient> {
    const { socket, transport } = await openSocket(url, options.headers ?? {});
    const client = new RemoteClient(socket, transport, options);
    try {
      await client.ready();
    } catch (error) {
      socket.terminate();
      throw error;
    }
    return client;
  }

  /** Closes the socket; resolves once it is closed. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close(1000, 'done');
    });
  }
}

/** Resolves once the upgrade succeeded; rejects with the HTTP status or network error otherwise. */
export function openSocket(url: string, headers: Record<string, string> = {}): Promise<{ socket: WebSocket; transport: MessageTransport }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { handshakeTimeout: HANDSHAKE_TIMEOUT_MS, headers });
    // Listening from the start: the hello can arrive in the same packet as the upgrade's answer.
    const transport = socketTransport(socket);
    socket.once('unexpected-response', (_req, res) => {
      reject(new OpenError({ kind: 'http', status: res.statusCode ?? 0 }));
      socket.terminate();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      reject(new OpenError({ kind: 'network', code: error.code ?? 'UNKNOWN', message: error.message }));
    });
    socket.once('open', () => resolve({ socket, transport }));
  });
}

/**
 * Moves text over one `ws` socket. It listens from the moment it is made and holds what arrives
 * until the client starts it, so no message is lost between the socket opening and the client.
 */
export function socketTransport(socket: WebSocket): MessageTransport {
  let link: MessageLink | null = null;
  const held: Array<{ text: string } | 'closed'> = [];
  socket.on('message', (data) => (link ? link.received(decode(data)) : held.push({ text: decode(data) })));
  socket.on('error', () => undefined);
  socket.once('close', () => (link ? link.closed() : held.push('closed')));
  return {
    start(started) {
      link = started;
      started.opened();
      for (const item of held.splice(0)) {
        if (item === 'closed') started.closed();
        else started.received(item.text);
      }
    },
    send: (text) => socket.send(text),
    close: () => socket.close(1000, 'done'),
  };
}

function decode(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}
