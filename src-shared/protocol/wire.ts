/**
 * The wire: every message that crosses between a client and the fleet, both ways, as zod
 * schemas. The WebSocket carries them as JSON text; Electron IPC carries the same values
 * (request/response pairs become invoke calls, events are pushed, the hello is an invoke too).
 * Every type here comes from its schema.
 */
import { z } from 'zod';
import { TerminalPushSchema, type TerminalPush } from './api-terminal';
import { ClientEventSchema, type ClientEvent, type CommandName, type CommandParams, type CommandResult, type Result } from './api';

import { PROTOCOL_VERSION } from './version';

export { PROTOCOL_VERSION };

/** Client -> server: run one command; answered by a response with the same id. */
export const WireRequestSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int().nonnegative(),
  command: z.string().min(1).max(200),
  params: z.unknown(),
});
export type WireRequest = z.infer<typeof WireRequestSchema>;
/** Everything a client sends; one kind today. */
export const WireClientMessageSchema = WireRequestSchema;
export type WireClientMessage = WireRequest;

/**
 * A command's answer, success or error. The error code is kept as a string on the wire, so a
 * client keeps the server's message even when the code is newer than it knows.
 */
export const WireResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type WireResult = z.infer<typeof WireResultSchema>;

/** Sent first on every connection: the client checks the version before it sends anything. */
export const WireHelloSchema = z.object({
  kind: z.literal('hello'),
  protocolVersion: z.number().int(),
  /** The Flotilla release on the other side, for messages a person reads ("upgrade to ..."). */
  appVersion: z.string(),
});
export type WireHello = z.infer<typeof WireHelloSchema>;

export const WireResponseSchema = z.object({ kind: z.literal('response'), id: z.number().int(), result: WireResultSchema });
export type WireResponse = z.infer<typeof WireResponseSchema>;

export const WireEventSchema = z.object({ kind: z.literal('event'), event: ClientEventSchema });
export type WireEvent = z.infer<typeof WireEventSchema>;

/** A terminal's stream for one attached view (see api-terminal.ts): outside the event batches. */
export const WireTerminalSchema = z.object({ kind: z.literal('terminal'), push: TerminalPushSchema });
export type WireTerminal = z.infer<typeof WireTerminalSchema>;

/** A message the server could not tie to a request (not JSON, no id): said instead of silence. */
export const WireErrorSchema = z.object({ kind: z.literal('error'), error: z.object({ code: z.string(), message: z.string() }) });
export type WireError = z.infer<typeof WireErrorSchema>;

/**
 * Sent instead of the hello to a browser page whose token is missing or wrong, just before the
 * server closes the socket: a browser cannot read the HTTP status of a refused upgrade, so without
 * it the page could only keep retrying. The message says what to do.
 */
export const WireRefusalSchema = z.object({
  kind: z.literal('refused'),
  reason: z.enum(['token_missing', 'token_wrong']),
  message: z.string(),
});
export type WireRefusal = z.infer<typeof WireRefusalSchema>;

/** Everything the server sends. */
export const WireServerMessageSchema = z.discriminatedUnion('kind', [
  WireHelloSchema,
  WireResponseSchema,
  WireEventSchema,
  WireTerminalSchema,
  WireErrorSchema,
  WireRefusalSchema,
]);
export type WireServerMessage = z.infer<typeof WireServerMessageSchema>;

export function helloMessage(appVersion: string): WireHello {
  return { kind: 'hello', protocolVersion: PROTOCOL_VERSION, appVersion };
}

/** The close code that follows a refusal (4000-4999 are the application's own). */
export const REFUSED_CLOSE_CODE = 4401;

export function tokenRefusal(reason: WireRefusal['reason']): WireRefusal {
  const what = reason === 'token_missing' ? 'This page has no access token' : 'This page\'s access token is wrong (the server may have restarted with a new one)';
  const message = `${what}. Open the URL that \`flotilla serve\` printed, with its ?token=..., or run \`flotilla serve\` again and open the URL it prints.`;
  return { kind: 'refused', reason, message };
}

/** What a transport offers the renderer, the CLI, the tests and in-process callers. */
export interface FlotillaClient {
  call<C extends CommandName>(command: C, params: CommandParams<C>): Promise<Result<CommandResult<C>>>;
  /** Returns a disposer. */
  onEvent(listener: (event: ClientEvent) => void): () => void;
  /** Terminal streams of the views this client attached (terminal.attach). Returns a disposer. */
  onTerminal(listener: (push: TerminalPush) => void): () => void;
  /**
   * Connection state changes (a WebSocket can drop and reconnect; IPC never does). `refusal` comes
   * with a `false` when this client refused the other side (another protocol version): the
   * connection will not come back, and the error's message says what to do.
   */
  onConnectionChange(listener: (connected: boolean, refusal?: Error) => void): () => void;
}

/**
 * What the Electron preload exposes on `window.flotillaBridge`: the client API and nothing else.
 * Values cross untyped (structured clone); the renderer's client parses them like WebSocket text.
 */
export interface FlotillaBridge {
  /** The main process's hello, for the version check before any call. */
  hello(): Promise<unknown>;
  call(command: string, params: unknown): Promise<unknown>;
  /** Returns a disposer. */
  onEvent(listener: (event: unknown) => void): () => void;
  /** The count of threads waiting on the user, for the dock or taskbar badge (0 clears it). */
  setBadgeCount(count: number): void;
}

/** What the main process accepts on IPC_BADGE_CHANNEL: anything else is ignored. */
export const BadgeCountSchema = z.number().int().min(0).max(100_000);

export const BRIDGE_GLOBAL = 'flotillaBridge';
export const IPC_CALL_CHANNEL = 'flotilla:call';
export const IPC_EVENT_CHANNEL = 'flotilla:event';
/** Renderer -> main, one way (ipcRenderer.send): the badge count. */
export const IPC_BADGE_CHANNEL = 'flotilla:badge';
/** Invoked with the preload's protocol version; answered with the main process's hello. */
export const IPC_HELLO_CHANNEL = 'flotilla:hello';
