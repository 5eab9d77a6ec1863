import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { ok, type ClientEvent } from '../../src-shared/protocol/api';
import { CallClient, type CallTransport } from '../../src-shared/client/call-client';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, IPC_HELLO_CHANNEL, PROTOCOL_VERSION } from '../../src-shared/protocol/wire';
import { appInfoHandler, createFakeFleet, fakeAppInfo } from '../server/test-support/fake-fleet';
import { attachIpcTransport, type IpcTransportOptions } from './ipc-transport';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** Just enough of ipcMain, a window's webContents and an invoke event for the transport. */
function fakes() {
  const handlers = new Map<string, Handler>();
  const sent: [string, unknown][] = [];
  const mainFrame = { processId: 7, routingId: 1, url: 'app://flotilla/index.html#/threads/t1' };
  const contents = {
    id: 3,
    mainFrame,
    destroyed: false,
    isDestroyed: () => contents.destroyed,
    send: (channel: string, payload: unknown) => sent.push([channel, payload]),
  };
  const ipcMain: IpcTransportOptions['ipcMain'] = {
    handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
  type From = { senderId?: number; frame?: { processId: number; routingId: number; url: string } | null };
  const invokeOn = (channel: string, from: From, ...args: unknown[]) => {
    const event = { sender: { id: from.senderId ?? 3 }, senderFrame: from.frame === undefined ? mainFrame : from.frame };
    const handler = handlers.get(channel);
    if (!handler) throw new Error('no handler');
    return handler(event as unknown as IpcMainInvokeEvent, ...args);
  };
  const invoke = (from: From, ...args: unknown[]) => invokeOn(IPC_CALL_CHANNEL, from, ...args);
  /** The preload's bridge over these fakes, as the renderer sees it. */
  const bridge = (version: number = PROTOCOL_VERSION): CallTransport => ({
    hello: async () => invokeOn(IPC_HELLO_CHANNEL, {}, version),
    call: async (command, params) => invokeOn(IPC_CALL_CHANNEL, {}, command, params),
    onEvent: () => () => undefined,
  });
  return { handlers, sent, ipcMain, invoke, invokeOn, bridge, contents, webContents: contents as unknown as WebContents };
}

const identity = { name: 'This window', upgradeSelf: 'rebuild', upgradeOther: 'rebuild' };

describe('IPC transport', () => {
  it('delegates calls from our window to FleetService.handle', async () => {
    const f = fakes();
    const fleet = createFakeFleet({ 'app.info': appInfoHandler() });
    attachIpcTransport({ ipcMain: f.ipcMain, webContents: f.webContents, fleet });
    expect(await f.invoke({}, 'app.info', {})).toEqual(ok(fakeAppInfo));
    expect(fleet.calls).toEqual([{ command: 'app.info', params: {} }]);
  });

  it('refuses calls from other windows, from subframes, from other pages, and without a command name', async () => {
    const f = fakes();
    const fleet = createFakeFleet({ 'app.info': appInfoHandler() });
    attachIpcTransport({ ipcMain: f.ipcMain, webContents: f.webContents, fleet });
    const otherPages = ['https://evil.example/', 'file:///tmp/x.html', 'app://flotilla/other.html', 'app://evil/index.html'];
    const froms = [
      { senderId: 4 },
      { frame: { processId: 7, routingId: 2, url: 'app://flotilla/index.html' } },
      { frame: null },
      ...otherPages.map((url) => ({ frame: { processId: 7, routingId: 1, url } })),
    ];
    for (const from of froms) {
      expect(await f.invoke(from, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
    expect(await f.invoke({}, 42, {})).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(fleet.calls).toEqual([]);
  });

  it('says hello to our window, and the shared client checks it before its typed calls', async () => {
    const f = fakes();
    const fleet = createFakeFleet({ 'app.info': appInfoHandler() });
    attachIpcTransport({ ipcMain: f.ipcMain, webContents: f.webContents, fleet });
    expect(await f.invokeOn(IPC_HELLO_CHANNEL, {}, PROTOCOL_VERSION)).toEqual({ kind: 'hello', protocolVersion: PROTOCOL_VERSION, appVersion: fakeAppInfo.version });
    expect(() => f.invokeOn(IPC_HELLO_CHANNEL, { senderId: 4 }, PROTOCOL_VERSION)).toThrow(/only from its own window/);
    const client = new CallClient(f.bridge(), { identity, warn: () => undefined });
    expect(await client.call('app.info', {})).toEqual(ok(fakeAppInfo));
  });

  it('refuses a preload of another protocol version, hello and calls alike', async () => {
    const f = fakes();
    const fleet = createFakeFleet({ 'app.info': appInfoHandler() });
    attachIpcTransport({ ipcMain: f.ipcMain, webContents: f.webContents, fleet });
    const client = new CallClient(f.bridge(PROTOCOL_VERSION + 1), { identity, warn: () => undefined });
    await expect(client.call('app.info', {})).rejects.toThrow(/preload speaks Flotilla protocol \d+.*Reinstall Flotilla/);
    expect(await f.invoke({}, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('mixed from two builds') } });
    expect(fleet.calls).toEqual([]);
  });

  it('pushes fleet events to the window until disposed, and never to a destroyed one', () => {
    const f = fakes();
    const fleet = createFakeFleet();
    const dispose = attachIpcTransport({ ipcMain: f.ipcMain, webContents: f.webContents, fleet });
    const event: ClientEvent = { type: 'batch', events: [], threads: [] };
    fleet.emit(event);
    expect(f.sent).toEqual([[IPC_EVENT_CHANNEL, event]]);
    f.contents.destroyed = true;
    fleet.emit(event);
    expect(f.sent).toHaveLength(1);
    dispose();
    expect(fleet.listenerCount()).toBe(0);
    expect(f.handlers.size).toBe(0);
  });
});
