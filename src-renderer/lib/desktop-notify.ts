/**
 * Desktop notifications through the browser's Notification API, which Electron's renderer offers
 * too. Permission is asked only on a user's action (starting a task, or the button in Settings),
 * never on page load: an unprompted request is what browsers and users learn to ignore.
 */
export type Permission = NotificationPermission | 'unsupported';

function api(): typeof Notification | null {
  return typeof Notification === 'undefined' ? null : Notification;
}

export function notificationPermission(): Permission {
  return api()?.permission ?? 'unsupported';
}

/** Asks once: a user who already answered is not asked again. */
export async function askNotificationPermission(): Promise<Permission> {
  const N = api();
  if (!N) return 'unsupported';
  if (N.permission !== 'default') return N.permission;
  try {
    return await N.requestPermission();
  } catch {
    return N.permission;
  }
}

/** Shows one notification; a newer one for the same thread (tag) replaces it. */
export function showDesktopNotification(title: string, body: string, tag: string, onClick: () => void): boolean {
  const N = api();
  if (!N || N.permission !== 'granted') return false;
  try {
    const notification = new N(title, { body, tag });
    notification.onclick = () => {
      window.focus();
      onClick();
      notification.close();
    };
    return true;
  } catch {
    // Some platforms only allow notifications from a service worker; the inbox still has it.
    return false;
  }
}

export function appInBackground(): boolean {
  return document.visibilityState === 'hidden' || !document.hasFocus();
}
