/**
 * The dock or taskbar badge: the renderer sends the count of threads waiting on the user (the
 * number its window title shows) through the preload's setBadgeCount; this shows it the way each
 * platform does. macOS and Linux (Unity launchers) take app.setBadgeCount; Windows has no
 * numeric badge, so the taskbar button gets an overlay icon drawn with the count, with a
 * description for screen readers. Only our own window's page is listened to.
 */
import type { App, BrowserWindow, IpcMain, IpcMainEvent, NativeImage } from 'electron';
import { BadgeCountSchema, IPC_BADGE_CHANNEL } from '../../src-shared/protocol/wire';
import { isOurPage } from './app-protocol';
import { badgeIconPixels, BADGE_ICON_SIZE, badgeLabel } from './badge-icon';

export interface BadgeOptions {
  ipcMain: Pick<IpcMain, 'on' | 'removeListener'>;
  app: Pick<App, 'setBadgeCount'>;
  window: Pick<BrowserWindow, 'setOverlayIcon' | 'isDestroyed'> & { webContents: { id: number } };
  platform: NodeJS.Platform;
  /** nativeImage.createFromBitmap, passed in so this file can be tested without Electron. */
  createImage: (pixels: Buffer, size: { width: number; height: number }) => NativeImage;
}

/** Returns the disposer: stops listening and clears the badge. */
export function attachBadge(options: BadgeOptions): () => void {
  let shown = 0;
  const show = (count: number) => {
    if (count === shown || options.window.isDestroyed()) return;
    shown = count;
    showCount(options, count);
  };
  const listener = (event: IpcMainEvent, count: unknown) => {
    if (event.sender.id !== options.window.webContents.id || !isOurPage(event.senderFrame?.url ?? '')) return;
    const parsed = BadgeCountSchema.safeParse(count);
    if (parsed.success) show(parsed.data);
  };
  options.ipcMain.on(IPC_BADGE_CHANNEL, listener);
  return () => {
    options.ipcMain.removeListener(IPC_BADGE_CHANNEL, listener);
    show(0);
  };
}

function showCount(options: BadgeOptions, count: number): void {
  if (options.platform !== 'win32') {
    options.app.setBadgeCount(count);
    return;
  }
  if (count === 0) {
    options.window.setOverlayIcon(null, '');
    return;
  }
  const icon = options.createImage(badgeIconPixels(count), { width: BADGE_ICON_SIZE, height: BADGE_ICON_SIZE });
  options.window.setOverlayIcon(icon, `${badgeLabel(count)} ${count === 1 ? 'thread needs' : 'threads need'} you`);
}
