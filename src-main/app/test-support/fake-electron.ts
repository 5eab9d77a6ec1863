/**
 * A stand-in for the `electron` module, for running the built app (dist/main/app.cjs) under plain
 * Node in tests: this machine has Electron's types but no binary. It keeps the shapes main.ts uses
 * and reports what happens to the test over the fork IPC channel; the test drives the IPC
 * transport's handler as the renderer would. Utility processes become child_process forks (the
 * worker speaks either channel). The protocol handler the app registers is called with real
 * Request objects for the URLs the test asks for, as Chromium would for the page's loads; the
 * navigation guard is called as Chromium would before a navigation or window.open.
 * FAKE_ELECTRON_PACKAGED=1 makes app.isPackaged true; FAKE_ELECTRON_DARK=1 makes the OS ask for dark colours.
 */
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';

export type FakeElectronReport =
  | { type: 'window'; webPreferences: Record<string, unknown>; backgroundColor: string | undefined }
  | { type: 'loadFile'; file: string }
  | { type: 'loadURL'; url: string }
  | { type: 'schemes'; schemes: unknown }
  | { type: 'protocolHandled'; scheme: string }
  | { type: 'response'; id: number; status: number; headers: Record<string, string>; body: string }
  | { type: 'navigation'; id: number; prevented: boolean }
  | { type: 'windowOpen'; id: number; action: string }
  | { type: 'openExternal'; url: string }
  | { type: 'menu'; template: unknown }
  | { type: 'fork'; entry: string; serviceName: string | undefined }
  | { type: 'push'; channel: string; payload: unknown }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'csp'; policy: string }
  | { type: 'windowClosed' }
  | { type: 'messageBox'; message: string; buttons: string[] }
  | { type: 'notification'; title: string }
  | { type: 'badge'; count: number }
  | { type: 'overlayIcon'; description: string | null };

export type FakeElectronCommand =
  | { type: 'call'; id: number; command: string; params: unknown }
  | { type: 'quit' }
  /** The user closes the window. */
  | { type: 'close' }
  /** The user answers the open message box with this button. */
  | { type: 'answer'; response: number }
  /** The window's page loads this URL (through the protocol handler registered for its scheme). */
  | { type: 'fetch'; id: number; url: string; method?: string }
  /** The page tries to navigate to this URL (a link, location.href = ...). */
  | { type: 'navigate'; id: number; url: string }
  /** The page calls window.open on this URL. */
  | { type: 'windowOpen'; id: number; url: string }
  /** The page's preload sends on this channel (ipcRenderer.send), from our window's main frame. */
  | { type: 'send'; channel: string; args: unknown[] };

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;
type SendListener = (event: unknown, ...args: unknown[]) => void;
const sendListeners = new Map<string, Set<SendListener>>();

const report = (message: FakeElectronReport) => process.send?.(message);
/** The window's top frame; its url is what the window last loaded. */
const mainFrame = { processId: 1, routingId: 1, url: '' };
let callHandler: InvokeHandler | null = null;
let answerMessageBox: ((response: number) => void) | null = null;
let ready = false;
type ProtocolHandler = (request: Request) => Response | Promise<Response>;
const protocolHandlers = new Map<string, ProtocolHandler>();
type WindowOpenHandler = (details: { url: string }) => { action: string };

class FakeWebContents extends EventEmitter {
  readonly id = 1;
  readonly mainFrame = mainFrame;
  isDestroyed = () => false;
  send = (channel: string, payload: unknown) => report({ type: 'push', channel, payload });
  windowOpenHandler: WindowOpenHandler | null = null;
  setWindowOpenHandler = (handler: WindowOpenHandler) => void (this.windowOpenHandler = handler);
}

class BrowserWindow extends EventEmitter {
  static readonly all: BrowserWindow[] = [];
  static getAllWindows = () => BrowserWindow.all;
  readonly webContents = new FakeWebContents();
  constructor(options: { webPreferences: Record<string, unknown>; backgroundColor?: string }) {
    super();
    BrowserWindow.all.push(this);
    report({ type: 'window', webPreferences: options.webPreferences, backgroundColor: options.backgroundColor });
  }
  loadFile(file: string) {
    mainFrame.url = `file://${file}`;
    report({ type: 'loadFile', file });
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  loadURL(url: string) {
    mainFrame.url = url;
    report({ type: 'loadURL', url });
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  show = () => undefined;
  focus = () => undefined;
  restore = () => undefined;
  isMinimized = () => false;
  isDestroyed = () => false;
  setOverlayIcon = (icon: unknown, description: string) => report({ type: 'overlayIcon', description: icon ? description : null });
  /** As Electron: 'close' may be prevented; otherwise 'closed', and 'window-all-closed' after the last. */
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    BrowserWindow.all.splice(BrowserWindow.all.indexOf(this), 1);
    this.emit('closed');
    report({ type: 'windowClosed' });
    if (BrowserWindow.all.length === 0) app.emit('window-all-closed');
  }
}

const app = Object.assign(new EventEmitter(), {
  isPackaged: process.env.FAKE_ELECTRON_PACKAGED === '1',
  commandLine: {
    hasSwitch: (name: string) => process.argv.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`)),
  },
  requestSingleInstanceLock: () => true,
  enableSandbox: () => undefined,
  getPath: () => process.env.FAKE_ELECTRON_USER_DATA ?? '/nonexistent',
  getVersion: () => '0.0.0-fake',
  getName: () => 'Flotilla',
  whenReady: () => Promise.resolve().then(() => void (ready = true)),
  quit() {
    let prevented = false;
    app.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) process.exit(0);
  },
  exit: (code: number) => process.exit(code),
  setBadgeCount: (count: number) => (report({ type: 'badge', count }), true),
});

const utilityProcess = {
  fork(entry: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; serviceName?: string }) {
    const child = fork(entry, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const utility = Object.assign(new EventEmitter(), {
      postMessage: (message: unknown) => child.send(message as object),
      kill: () => child.kill('SIGTERM'),
    });
    Object.defineProperty(utility, 'pid', { get: () => child.pid });
    child.on('spawn', () => utility.emit('spawn'));
    child.on('message', (message) => utility.emit('message', message));
    child.on('exit', (code) => utility.emit('exit', code ?? 1));
    report({ type: 'fork', entry, serviceName: options.serviceName });
    return utility;
  },
};

/** As Chromium asks the handler of the URL's scheme; no handler is a failed load (status 0). */
async function fetchThroughProtocol(id: number, url: string, method = 'GET'): Promise<void> {
  const handler = protocolHandlers.get(new URL(url).protocol.slice(0, -1));
  if (!handler) return void report({ type: 'response', id, status: 0, headers: {}, body: '' });
  const response = await handler(new Request(url, { method }));
  report({ type: 'response', id, status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() });
}

function tryNavigation(id: number, url: string): void {
  let prevented = false;
  BrowserWindow.all[0]?.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
  report({ type: 'navigation', id, prevented });
}

function tryWindowOpen(id: number, url: string): void {
  const handler = BrowserWindow.all[0]?.webContents.windowOpenHandler;
  // Electron allows the window when no handler is set.
  report({ type: 'windowOpen', id, action: handler ? handler({ url }).action : 'allow' });
}

process.on('message', (message: FakeElectronCommand) => {
  if (message.type === 'quit') return app.quit();
  if (message.type === 'close') return BrowserWindow.all[0]?.close();
  if (message.type === 'answer') return answerMessageBox?.(message.response);
  if (message.type === 'fetch') {
    // A handler that throws is a failed load in Electron; here the test sees status -1 and why.
    const failed = (error: unknown) => report({ type: 'response', id: message.id, status: -1, headers: {}, body: String(error) });
    return void fetchThroughProtocol(message.id, message.url, message.method).catch(failed);
  }
  if (message.type === 'navigate') return tryNavigation(message.id, message.url);
  if (message.type === 'windowOpen') return tryWindowOpen(message.id, message.url);
  if (message.type === 'send') {
    for (const listener of sendListeners.get(message.channel) ?? []) listener({ sender: { id: 1 }, senderFrame: mainFrame }, ...message.args);
    return;
  }
  const handler = callHandler;
  if (!handler) return;
  // The renderer's call, from our window's main frame.
  void Promise.resolve(handler({ sender: { id: 1 }, senderFrame: mainFrame }, message.command, message.params)).then((result) =>
    report({ type: 'result', id: message.id, result }),
  );
});

/** The OS's light or dark preference, as the test set it. */
const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: process.env.FAKE_ELECTRON_DARK === '1', themeSource: 'system' });

export { app, BrowserWindow, nativeTheme, utilityProcess };

export const ipcMain = {
  handle: (_channel: string, handler: InvokeHandler) => void (callHandler = handler),
  removeHandler: () => void (callHandler = null),
  on: (channel: string, listener: SendListener) => void sendListeners.set(channel, (sendListeners.get(channel) ?? new Set()).add(listener)),
  removeListener: (channel: string, listener: SendListener) => void sendListeners.get(channel)?.delete(listener),
};
export const nativeImage = { createFromBitmap: (pixels: Buffer) => ({ pixels }) };
type MessageBoxOptions = { message: string; buttons: string[] };

export const dialog = {
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  showErrorBox: () => undefined,
  /** Reports the question and waits for the test's 'answer'. */
  showMessageBox(first: object, second?: MessageBoxOptions) {
    const options = (second ?? first) as MessageBoxOptions;
    report({ type: 'messageBox', message: options.message, buttons: options.buttons });
    return new Promise<{ response: number }>((resolve) => {
      answerMessageBox = (response) => {
        answerMessageBox = null;
        resolve({ response });
      };
    });
  },
};

export class Notification {
  static isSupported = () => true;
  readonly title: string;
  constructor(options: { title: string }) {
    this.title = options.title;
  }
  show() {
    report({ type: 'notification', title: this.title });
  }
}
export const Menu = {
  buildFromTemplate: (template: unknown) => template,
  setApplicationMenu: (template: unknown) => report({ type: 'menu', template }),
};
export const shell = { openExternal: async (url: string) => report({ type: 'openExternal', url }) };

export const protocol = {
  /** As Electron: only before the app is ready. */
  registerSchemesAsPrivileged(schemes: unknown) {
    if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    report({ type: 'schemes', schemes });
  },
  handle(scheme: string, handler: ProtocolHandler) {
    protocolHandlers.set(scheme, handler);
    report({ type: 'protocolHandled', scheme });
  },
};
// No OS encryption here, so the app must refuse to store keys (never plain text).
export const safeStorage = {
  isEncryptionAvailable: () => false,
  encryptString: () => Buffer.alloc(0),
  decryptString: () => '',
};

type HeadersListener = (details: object, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void;

export const session = {
  defaultSession: {
    webRequest: {
      onHeadersReceived(listener: HeadersListener) {
        listener({ responseHeaders: {} }, (r) => report({ type: 'csp', policy: r.responseHeaders['Content-Security-Policy']?.[0] ?? '' }));
      },
    },
    setPermissionRequestHandler: () => undefined,
    setPermissionCheckHandler: () => undefined,
  },
};
