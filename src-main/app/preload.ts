/**
 * The sandboxed preload: exposes exactly the FlotillaBridge (call a command, listen to events) on
 * window.flotillaBridge, and nothing else — no generic invoke, no ipcRenderer, no IPC event
 * objects. It must bundle to one file that requires only 'electron', so it takes nothing but
 * types from the contract; the constants below are checked against it by the compiler.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  BRIDGE_GLOBAL,
  ClientEvent,
  FlotillaBridge,
  IPC_CALL_CHANNEL,
  IPC_EVENT_CHANNEL,
  Result,
} from '../../src-shared/protocol/api';

const bridgeGlobal: typeof BRIDGE_GLOBAL = 'flotillaBridge';
const callChannel: typeof IPC_CALL_CHANNEL = 'flotilla:call';
const eventChannel: typeof IPC_EVENT_CHANNEL = 'flotilla:event';

const bridge: FlotillaBridge = {
  call(command: string, params: unknown): Promise<Result<unknown>> {
    return ipcRenderer.invoke(callChannel, String(command), params);
  },
  onEvent(listener: (event: ClientEvent) => void): () => void {
    const forward = (_event: IpcRendererEvent, payload: ClientEvent) => listener(payload);
    ipcRenderer.on(eventChannel, forward);
    return () => {
      ipcRenderer.removeListener(eventChannel, forward);
    };
  },
};

contextBridge.exposeInMainWorld(bridgeGlobal, bridge);
