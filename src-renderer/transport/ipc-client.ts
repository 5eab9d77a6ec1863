/**
 * FlotillaClient over the Electron preload's bridge. IPC does not drop, so the connection is
 * reported up once and stays up; results and events still pass the same boundary checks as the
 * WebSocket's, so the rest of the renderer cannot tell the transports apart.
 */
import type {
  ClientEvent,
  CommandName,
  CommandParams,
  CommandResult,
  FlotillaBridge,
  FlotillaClient,
  Result,
} from '../../src-shared/protocol/api';
import { BRIDGE_GLOBAL } from '../../src-shared/protocol/api';
import { parseClientEvent, parseCommandResult } from './validate';

export class IpcClient implements FlotillaClient {
  constructor(private readonly bridge: FlotillaBridge) {}

  async call<C extends CommandName>(command: C, params: CommandParams<C>): Promise<Result<CommandResult<C>>> {
    const raw = await this.bridge.call(command, params);
    return parseCommandResult(command, raw);
  }

  onEvent(listener: (event: ClientEvent) => void): () => void {
    return this.bridge.onEvent((raw: unknown) => {
      const event = parseClientEvent(raw);
      if (event) listener(event);
    });
  }

  onConnectionChange(listener: (connected: boolean) => void): () => void {
    let live = true;
    queueMicrotask(() => {
      if (live) listener(true);
    });
    return () => {
      live = false;
    };
  }
}

/** The preload's bridge, when this page runs inside the Electron app. */
export function findBridge(scope: object = globalThis): FlotillaBridge | null {
  const candidate: unknown = Reflect.get(scope, BRIDGE_GLOBAL);
  return isBridge(candidate) ? candidate : null;
}

function isBridge(value: unknown): value is FlotillaBridge {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'call') === 'function' &&
    typeof Reflect.get(value, 'onEvent') === 'function'
  );
}
