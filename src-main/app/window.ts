/**
 * The main window and the rules around it: a sandboxed, context-isolated renderer with only the
 * preload's bridge, a strict Content-Security-Policy, no permissions, and no way to navigate or
 * open windows anywhere but our own page (http(s) links go to the user's browser).
 */
import { BrowserWindow, shell, type Session, type WebContents } from 'electron';
import { pathToFileURL } from 'node:url';
import { RENDERER_CSP } from '../server/static-files';

export interface WindowOptions {
  preload: string;
  indexHtml: string;
}

export function createMainWindow({ preload, indexHtml }: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Flotilla',
    backgroundColor: '#0d1117',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  guardNavigation(window.webContents, pathToFileURL(indexHtml).href);
  window.once('ready-to-show', () => window.show());
  void window.loadFile(indexHtml);
  return window;
}

function guardNavigation(contents: WebContents, pageUrl: string): void {
  const isOurPage = (url: string) => url.split('#')[0] === pageUrl;
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
