/**
 * A minimal API client for tests of the WebSocket transport (server and CLI): connect, call a
 * command, collect pushed messages, and wait on conditions instead of sleeping.
 */
import { WebSocket } from 'ws';
import type { Result, WireServerMessage } from '../../src-shared/protocol/api';

export interface TestClient {
  socket: WebSocket;
  messages: WireServerMessage[];
  call(command: string, params: unknown): Promise<Result<unknown>>;
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

/** Opens the socket, or rejects with the HTTP status the server refused it with. */
export function connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('unexpected-response', (_req, res) => {
      reject(new RefusedError(res.statusCode ?? 0));
      socket.terminate();
    });
    socket.once('error', reject);
    socket.once('open', () => resolve(wrap(socket)));
  });
}

export class RefusedError extends Error {
  constructor(readonly status: number) {
    super(`refused with HTTP ${status}`);
  }
}

function wrap(socket: WebSocket): TestClient {
  const messages: WireServerMessage[] = [];
  const waiters = new Set<() => void>();
  let nextId = 1;
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as WireServerMessage);
    for (const wake of [...waiters]) wake();
  });
  const waitForMessage = (match: (message: WireServerMessage) => boolean) =>
    new Promise<WireServerMessage>((resolve) => {
      const check = () => {
        const found = messages.find(match);
        if (!found) return;
        waiters.delete(check);
        resolve(found);
      };
      waiters.add(check);
      check();
    });
  return {
    socket,
    messages,
    waitForMessage,
    sendRaw: (text) => socket.send(text),
    async call(command, params) {
      const id = nextId++;
      socket.send(JSON.stringify({ kind: 'request', id, command, params }));
      const response = await waitForMessage((m) => m.kind === 'response' && m.id === id);
      return response.kind === 'response' ? response.result : Promise.reject(new Error('unreachable'));
    },
    close: () =>
      new Promise((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      }),
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
