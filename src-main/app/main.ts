/**
 * The Electron main process: one instance, one window, one fleet. The main process only routes:
 * agents run in utility processes, and the renderer reaches the fleet through the IPC transport.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, protocol, safeStorage, session, utilityProcess } from 'electron';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { DataDirLockedError } from '../fleet/data-dir-lock';
import { createFleet } from '../fleet/fleet';
import type { FleetService } from '../fleet/fleet-service';
import { hostsManager, type HostsManager } from '../remote/hosts-manager';
import { serverBundle } from '../remote/server-bundle';
import { createCloseGuard, type CloseGuard } from './close-guard';
import { electronCloseEffects } from './close-dialog';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { attachBadge } from './badge';
import { attachIpcTransport } from './ipc-transport';
import { appPaths, launchOptions } from './launch-options';
import { buildAppMenu } from './menu';
import { createSafeKeyStore } from './safe-key-store';
import { makeSpawnUtilityWorker } from './utility-worker';
import { createMainWindow, secureSession } from './window';

const paths = appPaths(__dirname);
/** A packaged app has no DevTools; `npm start` (unpackaged) keeps them. */
const devTools = !app.isPackaged;
let fleet: FleetService | null = null;
let window: BrowserWindow | null = null;
let detachTransport: (() => void) | null = null;
let closeGuard: CloseGuard | null = null;
let hosts: HostsManager | null = null;

/**
 * Chromium's own debugging endpoints (not covered by the inspect fuse) would hand the renderer,
 * and the fleet's API on its bridge, to whatever connects. The installed app refuses them.
 */
const debuggingSwitch = app.isPackaged ? ['remote-debugging-port', 'remote-debugging-pipe'].find((name) => app.commandLine.hasSwitch(name)) : undefined;

if (debuggingSwitch) {
  console.error(`Flotilla: the installed app does not start with --${debuggingSwitch}.`);
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Every renderer sandboxed, whatever a window's options say.
  app.enableSandbox();
  // Schemes can only be made privileged before the app is ready.
  registerAppScheme(protocol);
  app.on('second-instance', showWindow);
  // Agents left running in the background keep the app alive with no window.
  app.on('window-all-closed', () => {
    if (!closeGuard?.inBackground) app.quit();
  });
  app.on('before-quit', stopFleetBeforeQuit);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.whenReady().then(start).catch((error: unknown) => fatal(error));
}

async function start(): Promise<void> {
  const options = launchOptions(process.argv, process.env, process.cwd(), app.getPath('userData'));
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  secureSession(session.defaultSession);
  handleAppProtocol(protocol, paths.rendererDir);
  Menu.setApplicationMenu(buildAppMenu(process.platform, app.getName(), { devTools }));
  const local = await createFleet({
    dataDir: options.dataDir,
    workerEntry: paths.workerEntry,
    spawnWorker: makeSpawnUtilityWorker((entry, args, forkOptions) => utilityProcess.fork(entry, args, forkOptions)),
    forceDemo: options.forceDemo,
    initialRepo: options.initialRepo,
    version: app.getVersion(),
    pickFolder,
    keyStore: createSafeKeyStore(options.dataDir, safeStorage),
  });
  fleet = withHosts(local, options.dataDir);
  closeGuard = createCloseGuard({
    fleet,
    ...electronCloseEffects(() => window),
    closeWindow: () => window?.close(),
    quit: () => app.quit(),
  });
  openWindow(fleet);
  app.on('activate', () => {
    if (fleet && BrowserWindow.getAllWindows().length === 0) openWindow(fleet);
  });
}

/**
 * As `flotilla serve --with-hosts`: every recorded host connects in the background and its
 * threads join the window's; Settings › Hosts adds and removes hosts live. The server bundle
 * installed on a host is this app's own build (cli.cjs and worker.cjs beside main.cjs).
 */
function withHosts(local: FleetService, dataDir: string): FleetService {
  const say = (line: string) => console.error(`Flotilla: ${line}`);
  hosts = hostsManager(local, { dataDir, home: homedir(), cwd: process.cwd(), env: process.env, bundle: () => serverBundle(__dirname), say });
  hosts.connectAll().catch((error: unknown) => say(`Hosts: ${error instanceof Error ? error.message : String(error)}`));
  return hosts.fleet;
}

function openWindow(service: FleetService): void {
  const created = createMainWindow({ preload: paths.preload, devTools });
  const detachIpc = attachIpcTransport({ ipcMain, webContents: created.webContents, fleet: service });
  const detachBadge = attachBadge({
    ipcMain,
    app,
    window: created,
    platform: process.platform,
    createImage: (pixels, size) => nativeImage.createFromBitmap(pixels, size),
  });
  detachTransport = () => {
    detachIpc();
    detachBadge();
  };
  window = created;
  closeGuard?.windowOpened();
  created.on('close', (event) => closeGuard?.windowClosing(event));
  created.on('closed', () => {
    detachTransport?.();
    detachTransport = null;
    window = null;
  });
}

async function pickFolder(): Promise<string | null> {
  const options: Electron.OpenDialogOptions = { title: 'Open a repository', properties: ['openDirectory'] };
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** A second launch focuses the window, or reopens it over agents left in the background. */
function showWindow(): void {
  if (!window) {
    if (fleet) openWindow(fleet);
    return;
  }
  if (window.isMinimized()) window.restore();
  window.focus();
}

/** Quit waits for the fleet to stop its workers and flush its logs, once. */
function stopFleetBeforeQuit(event: Electron.Event): void {
  // Running agents: the guard has prevented this quit and asks the user first.
  if (closeGuard && !closeGuard.allowQuit(event)) return;
  const running = fleet;
  if (!running) return;
  event.preventDefault();
  fleet = null;
  // Only this side's connections close: the hosts' servers and agents keep running there.
  hosts?.close();
  hosts = null;
  running.dispose().then(
    () => app.quit(),
    (error: unknown) => fatal(error),
  );
}

function fatal(error: unknown): void {
  // Another Flotilla on this data dir is the user's to resolve: its message, not a stack.
  const message = error instanceof DataDirLockedError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`Flotilla failed: ${message}`);
  dialog.showErrorBox('Flotilla could not start', message);
  app.exit(1);
}
