/**
 * FlotillaClient over the Electron preload's bridge: the shared CallClient (hello and version
 * check, schemas) over the bridge's three functions, so the rest of the renderer cannot tell
 * this transport from the WebSocket.
 */
import { CallClient } from '../../src-shared/client/call-client';
import { BRIDGE_GLOBAL, type FlotillaBridge } from '../../src-shared/protocol/wire';

const REINSTALL = 'reinstall Flotilla (from a source checkout: `npm run build`), then restart it';

export class IpcClient extends CallClient {
  constructor(bridge: FlotillaBridge) {
    super(bridge, {
      identity: {
        name: 'This window',
        // Main, preload and page ship in one bundle: a mismatch is a broken install or a stale build.
        upgradeSelf: REINSTALL,
        upgradeOther: REINSTALL,
      },
      warn: (message, detail) => console.warn(message, ...(detail === undefined ? [] : [detail])),
    });
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
    ['hello', 'call', 'onEvent'].every((name) => typeof Reflect.get(value, name) === 'function')
  );
}
