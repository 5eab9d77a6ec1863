import type { IpcMainEvent, NativeImage } from 'electron';
import { describe, expect, it } from 'vitest';
import { IPC_BADGE_CHANNEL } from '../../src-shared/protocol/wire';
import { attachBadge, type BadgeOptions } from './badge';
import { BADGE_ICON_SIZE, badgeIconPixels, badgeLabel } from './badge-icon';

type Listener = (event: IpcMainEvent, ...args: unknown[]) => void;

function fakes(platform: NodeJS.Platform) {
  const listeners = new Map<string, Listener>();
  const badges: number[] = [];
  const overlays: Array<{ pixels: Buffer | null; description: string }> = [];
  const options: BadgeOptions = {
    ipcMain: {
      on: (channel: string, listener: Listener) => (listeners.set(channel, listener), options.ipcMain) as never,
      removeListener: (channel: string) => (listeners.delete(channel), options.ipcMain) as never,
    },
    app: { setBadgeCount: (count?: number) => (badges.push(count ?? 0), true) },
    window: {
      webContents: { id: 3 },
      isDestroyed: () => false,
      setOverlayIcon: (icon, description) => void overlays.push({ pixels: icon ? (icon as unknown as { pixels: Buffer }).pixels : null, description }),
    },
    platform,
    createImage: (pixels) => ({ pixels }) as unknown as NativeImage,
  };
  const send = (count: unknown, from: { senderId?: number; url?: string } = {}) => {
    const event = { sender: { id: from.senderId ?? 3 }, senderFrame: { url: from.url ?? 'app://flotilla/index.html' } };
    listeners.get(IPC_BADGE_CHANNEL)?.(event as unknown as IpcMainEvent, count);
  };
  return { options, listeners, badges, overlays, send };
}

describe('the dock and taskbar badge', () => {
  it('sets the badge count on macOS and Linux, once per change, and clears it when detached', () => {
    const f = fakes('darwin');
    const detach = attachBadge(f.options);
    f.send(2);
    f.send(2);
    f.send(5);
    detach();
    expect(f.badges).toEqual([2, 5, 0]);
    expect(f.listeners.size).toBe(0);
    expect(f.overlays).toEqual([]);
  });

  it('ignores what is not a count, and what comes from another window or page', () => {
    const f = fakes('linux');
    attachBadge(f.options);
    for (const bad of ['4', -1, 2.5, null, undefined, { count: 1 }]) f.send(bad);
    f.send(4, { senderId: 9 });
    f.send(4, { url: 'https://evil.example/' });
    expect(f.badges).toEqual([]);
  });

  it('draws an overlay icon with the count on Windows, and removes it at zero', () => {
    const f = fakes('win32');
    attachBadge(f.options);
    f.send(1);
    f.send(12);
    f.send(0);
    expect(f.badges).toEqual([]);
    expect(f.overlays.map((o) => o.description)).toEqual(['1 thread needs you', '9+ threads need you', '']);
    expect(f.overlays[0]?.pixels?.length).toBe(BADGE_ICON_SIZE * BADGE_ICON_SIZE * 4);
    expect(f.overlays[2]?.pixels).toBeNull();
  });
});

describe('the overlay icon', () => {
  const whiteCount = (pixels: Buffer) => {
    let n = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] === 0xff && pixels[i + 1] === 0xff && pixels[i + 2] === 0xff) n++;
    return n;
  };

  it('says the count up to nine, then 9+', () => {
    expect([0, 1, 9, 10, 250].map(badgeLabel)).toEqual(['0', '1', '9', '9+', '9+']);
  });

  it('draws different digits differently, in white on a red disc with transparent corners', () => {
    const one = badgeIconPixels(1);
    const eight = badgeIconPixels(8);
    expect(one.equals(eight)).toBe(false);
    // "1" lights 8 cells of the 3x5 font, "8" 13; a single digit is drawn at 2x2 pixels a cell.
    expect(whiteCount(one)).toBe(8 * 4);
    expect(whiteCount(eight)).toBe(13 * 4);
    expect([...one.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    const centreRow = 2 * 4 * BADGE_ICON_SIZE;
    expect([...one.subarray(centreRow, centreRow + 4)]).toEqual([0, 0, 0, 0]);
    expect(badgeIconPixels(42).equals(badgeIconPixels(99))).toBe(true);
  });
});
