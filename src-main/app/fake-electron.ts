/**
 * A stand-in for the `electron` module, for running the built app (dist/main/app.cjs) under plain
 * Node in tests: this machine has Electron's types but no binary. It keeps the shapes main.ts uses
 * and reports what happens to the test over the fork IPC channel; the test drives the IPC
 * transport's handler as the renderer would. Utility processes become child_process forks (the
 * worker speaks either channel).
 */
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';

export type FakeElectronReport =
  | { type: 'window'; webPreferences: Record<string, unknown> }
  | { type: 'loadFile'; file: string }
  | { type: 'fork'; entry: string; serviceName: string | undefined }
  | { type: 'push'; channel: string; payload: unknown }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'csp'; policy: string }
  | { type: 'windowClosed' }
  | { type: 'messageBox'; message: string; buttons: string[] }
  | { type: 'notification'; title: string };

export type FakeElectronCommand =
  | { type: 'call'; id: number; command: string; params: unknown }
  | { type: 'quit' }
  /** The user closes the window. */
  | { type: 'close' }
  /** The user answers the open message box with this button. */
  | { type: 'answer'; response: number };

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

const report = (message: FakeElectronReport) => process.send?.(message);
const mainFrame = { processId: 1, routingId: 1 };
let callHandler: InvokeHandler | null = null;
let answerMessageBox: ((response: number) => void) | null = null;

class FakeWebContents extends EventEmitter {
  readonly id = 1;
  readonly mainFrame = mainFrame;
  isDestroyed = () => false;
  send = (channel: string, payload: unknown) => report({ type: 'push', channel, payload });
  setWindowOpenHandler = () => undefined;
}

class BrowserWindow extends EventEmitter {
  static readonly all: BrowserWindow[] = [];
  static getAllWindows = () => BrowserWindow.all;
  readonly webContents = new FakeWebContents();
  constructor(options: { webPreferences: Record<string, unknown> }) {
    super();
    BrowserWindow.all.push(this);
    report({ type: 'window', webPreferences: options.webPreferences });
  }
  loadFile(file: string) {
    report({ type: 'loadFile', file });
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  show = () => undefined;
  focus = () => undefined;
  restore = () => undefined;
  isMinimized = () => false;
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
  requestSingleInstanceLock: () => true,
  enableSandbox: () => undefined,
  getPath: () => process.env.FAKE_ELECTRON_USER_DATA ?? '/nonexistent',
  getVersion: () => '0.0.0-fake',
  getName: () => 'Flotilla',
  whenReady: () => Promise.resolve(),
  quit() {
    let prevented = false;
    app.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) process.exit(0);
  },
  exit: (code: number) => process.exit(code),
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

process.on('message', (message: FakeElectronCommand) => {
  if (message.type === 'quit') return app.quit();
  if (message.type === 'close') return BrowserWindow.all[0]?.close();
  if (message.type === 'answer') return answerMessageBox?.(message.response);
  const handler = callHandler;
  if (!handler) return;
  // The renderer's call, from our window's main frame.
  void Promise.resolve(handler({ sender: { id: 1 }, senderFrame: mainFrame }, message.command, message.params)).then((result) =>
    report({ type: 'result', id: message.id, result }),
  );
});

export { app, BrowserWindow, utilityProcess };

export const ipcMain = {
  handle: (_channel: string, handler: InvokeHandler) => void (callHandler = handler),
  removeHandler: () => void (callHandler = null),
};
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
export const Menu = { buildFromTemplate: (template: unknown) => template, setApplicationMenu: () => undefined };
export const shell = { openExternal: async () => undefined };
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
