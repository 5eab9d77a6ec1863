/**
 * The main window and the rules around it: a sandboxed, context-isolated renderer with only the
 * preload's bridge, loaded from app://flotilla/ (app-protocol.ts), a strict Content-Security-Policy,
 * no permissions, no DevTools in a packaged app, and no way to navigate or open windows anywhere
 * but our own page (http(s) links go to the user's browser).
 */
import { BrowserWindow, nativeTheme, shell, type Session, type WebContents } from 'electron';
import { RENDERER_CSP } from '../server/renderer-files';
import { APP_PAGE_URL, isOurPage } from './app-protocol';
import { windowBackground } from './window-background';

export interface WindowOptions {
  preload: string;
  /** False in a packaged app: DevTools would hand anyone at the keyboard the renderer's bridge. */
  devTools: boolean;
}

export function createMainWindow({ preload, devTools }: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Flotilla',
    backgroundColor: windowBackground(nativeTheme.shouldUseDarkColors),
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      devTools,
    },
  });
  guardNavigation(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_PAGE_URL);
  return window;
}

function guardNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (isOurPage(url)) return;
    event.preventDefault();
    openExternally(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOurPage(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

/** Only web links leave the app, in the user's browser; file:, javascript: and the rest go nowhere. */
function openExternally(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return;
  }
  if (protocol === 'https:' || protocol === 'http:') void shell.openExternal(url);
}

/** Session-wide: CSP on every response, every permission (camera, notifications...) refused. */
export function secureSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] } });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
