/**
 * A WebSocket to the remote server carried inside the SSH connection: a direct-tcpip channel to
 * the server's loopback address (what `ssh -L` does, without a local port), and `ws` speaking
 * over that channel as if it were a TCP socket. Nothing listens on either side's network.
 */
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import { WebSocket } from 'ws';
import { apiSocketUrl } from '../cli/remote-connect';
import type { RemoteServer } from './remote-server';

const HANDSHAKE_TIMEOUT_MS = 15_000;

export function forwardStream(ssh: Client, host: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    ssh.forwardOut('127.0.0.1', 0, host, port, (error, channel) => (error ? reject(new Error(`The remote refused to forward to ${host}:${port}: ${error.message}`)) : resolve(channel)));
  });
}

export interface ForwardedSocket {
  socket: WebSocket;
  /** Hands every message to `listener`, those that arrived before it first. */
  onMessage(listener: (text: string) => void): void;
}

/**
 * Resolves once the upgrade succeeded. Messages are held from the start: the server's hello can
 * come in the same packet as the upgrade's answer, before anyone listens.
 */
export async function openForwardedSocket(ssh: Client, server: RemoteServer): Promise<ForwardedSocket> {
  const url = apiSocketUrl(server.url, server.token);
  const { hostname, port } = new URL(url);
  const channel = asSocket(await forwardStream(ssh, hostname, Number(port)));
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { handshakeTimeout: HANDSHAKE_TIMEOUT_MS, createConnection: () => channel as never });
    const held: string[] = [];
    let deliver: ((text: string) => void) | null = null;
    socket.on('message', (data) => (deliver ? deliver(String(data)) : held.push(String(data))));
    const onMessage = (listener: (text: string) => void) => {
      deliver = listener;
      for (const text of held.splice(0)) listener(text);
    };
    socket.once('unexpected-response', (_req, res) => {
      reject(new Error(`The remote server refused the connection (HTTP ${res.statusCode ?? 0}).`));
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
    socket.once('open', () => resolve({ socket, onMessage }));
  });
}

/** http and ws tune a TCP socket (timeouts, Nagle, keepalive); a channel has none of that to tune. */
function asSocket(channel: Duplex): Duplex {
  const tunable = channel as Duplex & Record<string, unknown>;
  for (const method of ['setTimeout', 'setNoDelay', 'setKeepAlive', 'ref', 'unref']) {
    if (typeof tunable[method] !== 'function') tunable[method] = () => tunable;
  }
  return channel;
}
