/**
 * The app's side of the early socket (early-socket.ts): the WsClient's first connection takes it
 * over and hears, in order, everything it said before (open, the hello, what followed), then
 * everything after, as from a socket of its own.
 *
 * The early script may have asked for `app.info` already, and for `repo.open` of the repository
 * it names. The client's own first request of the same command and params is then not sent again:
 * it is answered by the early answer, under the client's id, whether that came before or comes
 * after. The client still checks the hello and each answer as for any request; an answer the
 * client never asks for is dropped.
 */
import { EARLY_SOCKET_GLOBAL, type EarlyRequest, type EarlySaid, type EarlySocket } from './early-socket-shape';
import type { SocketLike } from './ws-client';

type EarlyGlobal = Record<string, EarlySocket | null | undefined>;

/** WebSocket.OPEN; CONNECTING (0) is fine too. */
const OPEN = 1;

/** The early socket for `url`, once; null when there is none, it is for another address or it already closed. */
export function takeEarlySocket(url: string, scope: EarlyGlobal = globalThis as unknown as EarlyGlobal): SocketLike | null {
  const early = scope[EARLY_SOCKET_GLOBAL];
  scope[EARLY_SOCKET_GLOBAL] = null;
  if (!early) return null;
  const { socket } = early;
  if (socket.url === url && socket.readyState <= OPEN && !early.said.some((said) => said.kind === 'close')) {
    return new AdoptedSocket(early);
  }
  socket.close();
  return null;
}

interface Prefetch {
  earlyId: number;
  /** As a JSON string, to look for in the client's requests. */
  command: string;
  /** The command and params, as JSON: the client's request it answers has the same. */
  asked: string;
  /** The id of the client's request it answers, once the client asked. */
  clientId: number | null;
  /** The answer's text, when it came before the client asked. */
  answer: string | null;
}

class AdoptedSocket implements SocketLike {
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  /** Early requests not yet handed to the client: asked for, answered, or neither yet. */
  private prefetches: Prefetch[] = [];

  constructor(private readonly early: EarlySocket) {
    // The client sets its handlers right after it gets this socket, in the same task: what was
    // said is replayed once they are all in, before any later event (a task) can come.
    queueMicrotask(() => this.replay());
  }

  get readyState(): number {
    return this.early.socket.readyState;
  }

  send(text: string): void {
    // Only a request naming an early one's command is worth parsing (a long thread.send is not).
    const request = this.prefetches.some((p) => p.clientId === null && text.includes(p.command)) ? parse(text) : null;
    const prefetch = request && this.prefetches.find((p) => p.clientId === null && p.asked === askedOf(request));
    if (!prefetch || request?.kind !== 'request' || typeof request.id !== 'number') return this.early.socket.send(text);
    prefetch.clientId = request.id;
    const answer = prefetch.answer;
    if (answer !== null) queueMicrotask(() => this.answer(prefetch, answer));
  }

  close(code?: number, reason?: string): void {
    this.early.socket.close(code, reason);
  }

  private replay(): void {
    const { socket, said, prefetched } = this.early;
    this.prefetches = prefetched.map((request) => ({
      earlyId: request.id,
      command: JSON.stringify(request.command),
      asked: askedOf(request),
      clientId: null,
      answer: null,
    }));
    socket.onopen = () => this.hear({ kind: 'open' });
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') this.hear({ kind: 'message', data: event.data });
    };
    socket.onerror = (event) => this.onerror?.(event);
    socket.onclose = () => this.hear({ kind: 'close' });
    for (const item of said.splice(0)) this.hear(item);
  }

  private hear(said: EarlySaid): void {
    if (said.kind === 'open') return this.onopen?.({ type: 'open' } as Event);
    if (said.kind === 'close') {
      this.prefetches = [];
      return this.onclose?.({ type: 'close' } as CloseEvent);
    }
    const id = this.prefetches.length > 0 ? responseId(said.data) : null;
    const prefetch = id === null ? undefined : this.prefetches.find((p) => p.earlyId === id && p.answer === null);
    if (!prefetch) return this.onmessage?.({ type: 'message', data: said.data } as MessageEvent);
    if (prefetch.clientId === null) prefetch.answer = said.data;
    else this.answer(prefetch, said.data);
  }

  /** Hands an early answer to the client under its own request's id. */
  private answer(prefetch: Prefetch, text: string): void {
    if (prefetch.clientId === null || !this.prefetches.includes(prefetch)) return;
    this.prefetches = this.prefetches.filter((p) => p !== prefetch);
    const response = JSON.parse(text) as Record<string, unknown>;
    this.onmessage?.({ type: 'message', data: JSON.stringify({ ...response, id: prefetch.clientId }) } as MessageEvent);
  }
}

/** What a request asks, as one comparable text: its command and params. */
function askedOf(request: Pick<EarlyRequest, 'command' | 'params'> | Record<string, unknown>): string {
  return JSON.stringify([request.command, request.params]);
}

function responseId(text: string): number | null {
  // Most messages are events, not worth parsing twice: only a response could answer the early request.
  if (!text.includes('"response"')) return null;
  const message = parse(text);
  return message?.kind === 'response' && typeof message.id === 'number' ? message.id : null;
}

function parse(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
