/**
 * FlotillaClient over a call transport, one that carries values instead of text (the Electron
 * bridge): a hello first, whose version is checked before any call, then calls and pushed
 * events, parsed with the same schemas as the WebSocket's so a caller cannot tell them apart.
 * Such a transport does not drop, so the connection is reported up once and stays up.
 */
import type { ClientEvent, CommandName, CommandParams, CommandResult, Result } from '../protocol/api';
import type { TerminalPush } from '../protocol/api-terminal';
import { WireTerminalSchema, type FlotillaClient, type WireHello } from '../protocol/wire';
import { soon } from './listeners';
import { parseClientEvent, parseCommandResult, type Warn } from './results';
import { checkHello, type ClientIdentity } from './version';

/** Moves values and nothing else. */
export interface CallTransport {
  hello(): Promise<unknown>;
  call(command: string, params: unknown): Promise<unknown>;
  /** Returns a disposer. */
  onEvent(listener: (raw: unknown) => void): () => void;
}

export interface CallClientOptions {
  identity: ClientIdentity;
  warn: Warn;
}

export class CallClient implements FlotillaClient {
  private readonly handshake: Promise<WireHello>;

  constructor(
    private readonly transport: CallTransport,
    private readonly options: CallClientOptions,
  ) {
    this.handshake = transport.hello().then((raw) => {
      const checked = checkHello(raw, options.identity);
      if (!checked.ok) throw checked.error;
      return checked.hello;
    });
    // Said once, where a developer looks; every call also rejects with it.
    this.handshake.catch((error: unknown) => options.warn('[flotilla] refused the connection:', error));
  }

  async call<C extends CommandName>(command: C, params: CommandParams<C>): Promise<Result<CommandResult<C>>> {
    await this.handshake;
    const raw = await this.transport.call(command, params);
    return parseCommandResult(command, raw, this.options.warn);
  }

  onEvent(listener: (event: ClientEvent) => void): () => void {
    return this.transport.onEvent((raw) => {
      if (isTerminalMessage(raw)) return;
      const event = parseClientEvent(raw, this.options.warn);
      if (event) listener(event);
    });
  }

  /** Terminal streams share the bridge's event channel, as `{ kind: 'terminal', push }` values. */
  onTerminal(listener: (push: TerminalPush) => void): () => void {
    return this.transport.onEvent((raw) => {
      if (!isTerminalMessage(raw)) return;
      const parsed = WireTerminalSchema.safeParse(raw);
      if (parsed.success) listener(parsed.data.push);
      else this.options.warn('[flotilla] dropped a malformed terminal message:', parsed.error.issues.slice(0, 3));
    });
  }

  /** Hears `true` once the version check passed, or `false` with the refusal when it did not. */
  onConnectionChange(listener: (connected: boolean, refusal?: Error) => void): () => void {
    let live = true;
    this.handshake.then(
      () =>
        soon(() => {
          if (live) listener(true);
        }),
      (error: unknown) => {
        if (live) listener(false, error instanceof Error ? error : new Error(String(error)));
      },
    );
    return () => {
      live = false;
    };
  }

  /** Resolves with the other side's hello; rejects when its version is refused. */
  ready(): Promise<WireHello> {
    return this.handshake;
  }
}

function isTerminalMessage(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { kind?: unknown }).kind === 'terminal';
}
