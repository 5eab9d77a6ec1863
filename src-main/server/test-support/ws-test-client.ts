/**
 * An API client for tests of the WebSocket transport (server and CLI): the shared typed client
 * over a real socket, plus the raw side a hostile test needs (send any text, see every message
 * the server sent), and waits on conditions instead of sleeps.
 */
import { WebSocket } from 'ws';
import type { WireHello, WireResult, WireServerMessage } from '../../../src-shared/protocol/wire';
import { WireServerMessageSchema } from '../../../src-shared/protocol/wire';
import { OpenError, RemoteClient } from '../../cli/remote-client';

export interface TestClient {
  /** The typed client, as the CLI and the renderer use it. */
  client: RemoteClient;
  socket: WebSocket;
  /** Every message the server sent, hello first, parsed with the wire schema (null: it broke the schema). */
  messages: Array<WireServerMessage | null>;
  /** What the typed client dropped and why. */
  warnings: string[];
  call: RemoteClient['call'];
  /** A request for any command name, past the typed client: for commands the contract does not have. */
  callRaw(command: string, params: unknown): Promise<WireResult>;
  sendRaw(text: string): void;
  /** Resolves with the first message (already received or future) that matches. */
  waitForMessage(match: (message: WireServerMessage) => boolean): Promise<WireServerMessage>;
  close(): Promise<void>;
}

/** The URL of the API socket for a server URL of the form http://HOST:PORT/?token=... */
export function apiUrl(serverUrl: string, token?: string | null): string {
  const url = new URL(serverUrl);
  const ws = new URL(`ws://${url.host}/api`);
  const chosen = token === undefined ? url.searchParams.get('token') : token;
  if (chosen !== null) ws.searchParams.set('token', chosen);
  return ws.toString();
}

/** Opens the socket and waits for the hello, or rejects with the HTTP status the server refused it with. */
export async function connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
  const warnings: string[] = [];
  try {
    const client = await RemoteClient.open(url, { headers, warn: (message) => warnings.push(message) });
    return wrap(client, await client.ready(), warnings);
  } catch (error) {
    if (error instanceof OpenError && error.failure.kind === 'http') throw new RefusedError(error.failure.status);
    throw error;
  }
}

export class RefusedError extends Error {
  constructor(readonly status: number) {
    super(`refused with HTTP ${status}`);
  }
}

/** Raw requests use ids far from the typed client's, so the two never answer each other's. */
const RAW_ID_BASE = 1_000_000;

function wrap(client: RemoteClient, hello: WireHello, warnings: string[]): TestClient {
  const socket = client.socket;
  const messages: Array<WireServerMessage | null> = [];
  const waiters = new Set<() => void>();
  let nextRawId = RAW_ID_BASE;
  const record = (text: string) => {
    const parsed = WireServerMessageSchema.safeParse(JSON.parse(text));
    messages.push(parsed.success ? parsed.data : null);
    for (const wake of [...waiters]) wake();
  };
  // The hello was read before this client existed; the typed client checked it.
  messages.push(hello);
  socket.on('message', (data) => record(String(data)));
  const waitForMessage = (match: (message: WireServerMessage) => boolean) =>
    new Promise<WireServerMessage>((resolve) => {
      const check = () => {
        const found = messages.find((message) => message !== null && match(message));
        if (!found) return;
        waiters.delete(check);
        resolve(found);
      };
      waiters.add(check);
      check();
    });
  return {
    client,
    socket,
    messages,
    warnings,
    waitForMessage,
    call: (command, params) => client.call(command, params),
    sendRaw: (text) => socket.send(text),
    async callRaw(command, params) {
      const id = nextRawId++;
      socket.send(JSON.stringify({ kind: 'request', id, command, params }));
      const response = await waitForMessage((m) => m.kind === 'response' && m.id === id);
      if (response.kind !== 'response') throw new Error('unreachable: matched a response');
      return response.result;
    },
    close: () => client.close(),
  };
}

/** Polls a condition on the event loop until it holds; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
