/**
 * The sandboxed preload: exposes exactly the FlotillaBridge (say hello, call a command, listen to
 * events, set the badge count) on window.flotillaBridge, and nothing else — no generic invoke, no ipcRenderer, no IPC
 * event objects. It must bundle to one file that requires only 'electron', so it takes nothing but
 * types from the contract; the constants below are checked against it by the compiler.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  BRIDGE_GLOBAL,
  FlotillaBridge,
  IPC_BADGE_CHANNEL,
  IPC_CALL_CHANNEL,
  IPC_EVENT_CHANNEL,
  IPC_HELLO_CHANNEL,
  PROTOCOL_VERSION,
} from '../../src-shared/protocol/wire';

const bridgeGlobal: typeof BRIDGE_GLOBAL = 'flotillaBridge';
const helloChannel: typeof IPC_HELLO_CHANNEL = 'flotilla:hello';
const callChannel: typeof IPC_CALL_CHANNEL = 'flotilla:call';
const eventChannel: typeof IPC_EVENT_CHANNEL = 'flotilla:event';
const badgeChannel: typeof IPC_BADGE_CHANNEL = 'flotilla:badge';
/** The main process refuses a preload of another protocol version. */
const protocolVersion: typeof PROTOCOL_VERSION = 1;

const bridge: FlotillaBridge = {
  hello(): Promise<unknown> {
    return ipcRenderer.invoke(helloChannel, protocolVersion);
  },
  call(command: string, params: unknown): Promise<unknown> {
    return ipcRenderer.invoke(callChannel, String(command), params);
  },
  onEvent(listener: (event: unknown) => void): () => void {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(eventChannel, forward);
    return () => {
      ipcRenderer.removeListener(eventChannel, forward);
    };
  },
  setBadgeCount(count: number): void {
    ipcRenderer.send(badgeChannel, Number(count));
  },
};

contextBridge.exposeInMainWorld(bridgeGlobal, bridge);
