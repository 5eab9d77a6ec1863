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
  | { type: 'csp'; policy: string };

export type FakeElectronCommand = { type: 'call'; id: number; command: string; params: unknown } | { type: 'quit' };

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

const report = (message: FakeElectronReport) => process.send?.(message);
const mainFrame = { processId: 1, routingId: 1 };
let callHandler: InvokeHandler | null = null;

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
export const dialog = { showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showErrorBox: () => undefined };
export const Menu = { buildFromTemplate: (template: unknown) => template, setApplicationMenu: () => undefined };
export const shell = { openExternal: async () => undefined };

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
