/**
 * The headless server's WebSocket, opened by a tiny classic script in index.html's head (its own
 * entry, built apart from the bundle), so the handshake and the server's hello happen while the
 * bundle downloads and evaluates (a few hundred milliseconds on a slow machine) instead of after.
 * Everything the socket says before the app adopts it is kept, in order, and replayed to the app
 * (adopt-early-socket.ts): nothing is lost however early it comes.
 *
 * Once the hello shows the protocol this page speaks, it asks for `app.info` at once, as the app
 * would first thing. When that answer names a repository to open (`serve --repo`), it asks for
 * `repo.open` of it too, as the app would next: the server inspects the repository while the
 * bundle evaluates, not after. Its request ids are its own (EARLY_REQUEST_IDS); the app's client
 * checks the hello again and each answer against its schema as for any request. With another
 * version it sends nothing, and the client refuses the connection with its usual message.
 *
 * This script imports nothing at run time (the protocol version is a constant inlined by the
 * build). Its address is worked out as ws-client.ts's resolveToken and socketUrl do; the app takes
 * the socket only when the two agree, so a difference costs the head start, never the connection.
 */
import { PROTOCOL_VERSION } from '../../src-shared/protocol/version';
import { EARLY_REQUEST_IDS, EARLY_SOCKET_GLOBAL, type EarlyRequest, type EarlySocket } from './early-socket-shape';

const TOKEN_KEY = 'flotilla.token';

/** Opens the socket when the page came from a server over http(s); the Electron window has its bridge instead. */
function openEarlySocket(): EarlySocket | null {
  const { protocol, host, search } = window.location;
  if (protocol !== 'http:' && protocol !== 'https:') return null;
  const token = new URLSearchParams(search).get('token') ?? storedToken();
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  let socket: WebSocket;
  try {
    socket = new WebSocket(`${protocol === 'https:' ? 'wss' : 'ws'}://${host}/api${query}`);
  } catch {
    return null;
  }
  return keepWhatItSays(socket);
}

/** Records what `socket` says, and asks what the app would ask first once it hears a hello of this protocol. */
export function keepWhatItSays(socket: EarlySocket['socket']): EarlySocket {
  const early: EarlySocket = { socket, said: [], prefetched: [] };
  const ask = (request: EarlyRequest) => {
    socket.send(JSON.stringify({ kind: 'request', ...request }));
    early.prefetched.push(request);
  };
  socket.onopen = () => early.said.push({ kind: 'open' });
  socket.onclose = () => early.said.push({ kind: 'close' });
  socket.onmessage = (event) => {
    if (typeof event.data !== 'string') return;
    const first = early.said.every((said) => said.kind !== 'message');
    if (first && speaksOurProtocol(event.data)) ask({ id: EARLY_REQUEST_IDS.appInfo, command: 'app.info', params: {} });
    const repo = early.prefetched.length === 1 ? initialRepo(event.data) : null;
    if (repo !== null) ask({ id: EARLY_REQUEST_IDS.initialRepo, command: 'repo.open', params: { path: repo } });
    early.said.push({ kind: 'message', data: event.data });
  };
  return early;
}

/** The repository named by a successful answer to the early app.info, or null for any other message. */
function initialRepo(text: string): string | null {
  // Most messages are events, not worth parsing here: only a response could be that answer.
  if (!text.includes('"initialRepo"')) return null;
  try {
    const message = JSON.parse(text) as { kind?: unknown; id?: unknown; result?: { ok?: unknown; value?: { initialRepo?: unknown } } };
    const path = message.result?.value?.initialRepo;
    const answersAppInfo = message.kind === 'response' && message.id === EARLY_REQUEST_IDS.appInfo && message.result?.ok === true;
    return answersAppInfo && typeof path === 'string' ? path : null;
  } catch {
    return null;
  }
}

/** A hello with this build's protocol version; anything else is left to the client to refuse. */
function speaksOurProtocol(text: string): boolean {
  try {
    const hello = JSON.parse(text) as { kind?: unknown; protocolVersion?: unknown };
    return hello.kind === 'hello' && hello.protocolVersion === PROTOCOL_VERSION;
  } catch {
    return false;
  }
}

function storedToken(): string | null {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

// Imported by tests in node, where there is no page to open a socket for.
if (typeof window !== 'undefined') (window as unknown as Record<string, EarlySocket | null>)[EARLY_SOCKET_GLOBAL] = openEarlySocket();
