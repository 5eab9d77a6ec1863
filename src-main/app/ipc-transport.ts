/**
 * The client API over Electron IPC: one invoke channel for the hello, one for commands, one push
 * channel for fleet events. Calls are accepted only from the main frame of our own window showing
 * our own page (app://flotilla/index.html: the preload would run on any page the window were made
 * to show); everything is handed to FleetService.handle, which validates the params. The preload
 * says its protocol version in its hello; a preload of another build is refused.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { fail, type Result } from '../../src-shared/protocol/api';
import {
  IPC_CALL_CHANNEL,
  IPC_EVENT_CHANNEL,
  IPC_HELLO_CHANNEL,
  PROTOCOL_VERSION,
  helloMessage,
  type WireHello,
} from '../../src-shared/protocol/wire';
import type { FleetConnection, FleetService } from '../fleet/fleet-service';
import { isOurPage } from './app-protocol';

export interface IpcTransportOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  webContents: WebContents;
  fleet: FleetService;
}

/** Returns the disposer: removes the handlers and the event subscription. */
export function attachIpcTransport({ ipcMain, webContents, fleet }: IpcTransportOptions): () => void {
  let refusal: string | null = null;
  // One connection per page load: a reload's hello drops the old page's terminal views.
  let connection: FleetConnection | null = null;
  const connect = () => {
    connection?.close();
    connection =
      fleet.connect?.((push) => {
        if (!webContents.isDestroyed()) webContents.send(IPC_EVENT_CHANNEL, { kind: 'terminal', push });
      }) ?? null;
  };
  ipcMain.handle(IPC_HELLO_CHANNEL, (event, version: unknown) => hello(event, version));
  ipcMain.handle(IPC_CALL_CHANNEL, (event, command: unknown, params: unknown) => call(event, command, params));
  const unsubscribe = fleet.onEvent((event) => {
    if (!webContents.isDestroyed()) webContents.send(IPC_EVENT_CHANNEL, event);
  });
  return () => {
    ipcMain.removeHandler(IPC_HELLO_CHANNEL);
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
    unsubscribe();
    connection?.close();
  };

  function hello(event: IpcMainInvokeEvent, version: unknown): WireHello {
    if (!fromOurWindow(event, webContents)) throw new Error('Flotilla accepts API calls only from its own window.');
    refusal = version === PROTOCOL_VERSION ? null : preloadMismatch(version, fleet.appVersion);
    if (refusal) throw new Error(refusal);
    connect();
    return helloMessage(fleet.appVersion);
  }

  async function call(event: IpcMainInvokeEvent, command: unknown, params: unknown): Promise<Result<unknown>> {
    if (!fromOurWindow(event, webContents)) {
      return fail('invalid_request', 'Flotilla accepts API calls only from its own window.');
    }
    if (refusal) return fail('invalid_request', refusal);
    if (typeof command !== 'string') return fail('invalid_request', 'A command name is required.');
    try {
      return await (connection ?? fleet).handle(command, params);
    } catch (error) {
      // handle() promises never to throw; a bug there must still answer the renderer.
      return fail('internal', `Internal error while running ${command}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function preloadMismatch(version: unknown, appVersion: string): string {
  return (
    `The window's preload speaks Flotilla protocol ${String(version)}, but Flotilla ${appVersion} speaks ${PROTOCOL_VERSION}: ` +
    'the install is mixed from two builds. Reinstall Flotilla (from a source checkout: `npm run build`), then restart it.'
  );
}

/** Our window's top frame on our page, not an iframe inside it, another window or another page. */
function fromOurWindow(event: IpcMainInvokeEvent, webContents: WebContents): boolean {
  if (webContents.isDestroyed() || event.sender.id !== webContents.id) return false;
  const frame = event.senderFrame;
  const main = webContents.mainFrame;
  return frame !== null && frame.processId === main.processId && frame.routingId === main.routingId && isOurPage(frame.url);
}
