/**
 * The client API over Electron IPC: one invoke channel for commands, one push channel for fleet
 * events. Calls are accepted only from the main frame of our own window showing our own page
 * (app://flotilla/index.html: the preload would run on any page the window were made to show);
 * everything is handed to FleetService.handle, which validates the params.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, fail, type Result } from '../../src-shared/protocol/api';
import type { FleetService } from '../fleet/fleet-service';
import { isOurPage } from './app-protocol';

export interface IpcTransportOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  webContents: WebContents;
  fleet: FleetService;
}

/** Returns the disposer: removes the handler and the event subscription. */
export function attachIpcTransport({ ipcMain, webContents, fleet }: IpcTransportOptions): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, (event, command: unknown, params: unknown) => call(event, command, params));
  const unsubscribe = fleet.onEvent((event) => {
    if (!webContents.isDestroyed()) webContents.send(IPC_EVENT_CHANNEL, event);
  });
  return () => {
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
    unsubscribe();
  };

  async function call(event: IpcMainInvokeEvent, command: unknown, params: unknown): Promise<Result<unknown>> {
    if (!fromOurWindow(event, webContents)) {
      return fail('invalid_request', 'Flotilla accepts API calls only from its own window.');
    }
    if (typeof command !== 'string') return fail('invalid_request', 'A command name is required.');
    try {
      return await fleet.handle(command, params);
    } catch (error) {
      // handle() promises never to throw; a bug there must still answer the renderer.
      return fail('internal', `Internal error while running ${command}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Our window's top frame on our page, not an iframe inside it, another window or another page. */
function fromOurWindow(event: IpcMainInvokeEvent, webContents: WebContents): boolean {
  if (webContents.isDestroyed() || event.sender.id !== webContents.id) return false;
  const frame = event.senderFrame;
  const main = webContents.mainFrame;
  return frame !== null && frame.processId === main.processId && frame.routingId === main.routingId && isOurPage(frame.url);
}
