/**
 * The headless server's WebSocket, opened by the first module the bundle evaluates, before zod,
 * React and the protocol schemas (a few hundred milliseconds on a slow machine), so the handshake
 * overlaps that work instead of following it. The WsClient adopts it on its first connect
 * (create-client.ts). Its open event cannot be missed: the bundle is one module, evaluated in one
 * go, and the client attaches its handlers before that ends.
 *
 * This module imports nothing, or what it imports would be evaluated first. Its address is worked
 * out as ws-client.ts's resolveToken and socketUrl do; the client takes the socket only when the
 * two agree, so a difference costs the head start, never the connection.
 */
const TOKEN_KEY = 'flotilla.token';

let early: WebSocket | null = null;

/** Opens the socket when the page came from a server over http(s); the Electron window has its bridge instead. */
export function openEarlySocket(): void {
  const { protocol, host, search } = window.location;
  if (protocol !== 'http:' && protocol !== 'https:') return;
  const token = new URLSearchParams(search).get('token') ?? storedToken();
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  try {
    early = new WebSocket(`${protocol === 'https:' ? 'wss' : 'ws'}://${host}/api${query}`);
  } catch {
    early = null;
  }
}

/** The early socket for `url`, once; null when there is none, it is for another address or it already failed. */
export function takeEarlySocket(url: string): WebSocket | null {
  const socket = early;
  early = null;
  if (!socket) return null;
  if (socket.url === url && socket.readyState <= WebSocket.OPEN) return socket;
  socket.close();
  return null;
}

function storedToken(): string | null {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

openEarlySocket();
