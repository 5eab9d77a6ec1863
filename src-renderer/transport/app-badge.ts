/**
 * The dock or taskbar badge. Inside the Electron app the preload's bridge hands the count to the
 * main process, which shows it as each platform does (app.setBadgeCount, a Windows overlay icon);
 * in a browser the Badging API does it where it exists (installed web apps); elsewhere nothing
 * does, and the window title carries the count alone.
 */
import { findBridge } from './ipc-client';

export function showAppBadge(count: number, scope: object = globalThis): void {
  const bridge = findBridge(scope);
  if (bridge) {
    bridge.setBadgeCount(count);
    return;
  }
  const nav = Reflect.get(scope, 'navigator') as (Navigator & { setAppBadge?: (n: number) => Promise<void>; clearAppBadge?: () => Promise<void> }) | undefined;
  const done = count > 0 ? nav?.setAppBadge?.(count) : nav?.clearAppBadge?.();
  done?.catch(() => undefined);
}
