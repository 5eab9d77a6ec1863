/** Settings → Notifications: which kinds reach the inbox, and whether a desktop notification goes with them (localStorage). */
import { useState } from 'react';
import { askNotificationPermission, notificationPermission, type Permission } from '../lib/desktop-notify';
import { ATTENTION_KINDS, KIND_LABELS, useNotifySettings } from '../stores/notify-settings-store';

const PERMISSION_TEXT: Record<Permission, string> = {
  granted: 'Desktop notifications are allowed.',
  default: 'Flotilla has not asked to show desktop notifications yet.',
  denied: 'Desktop notifications are blocked for this page: allow them in the browser’s site settings.',
  unsupported: 'This browser cannot show desktop notifications; the inbox still collects everything.',
};

export function NotificationSettings() {
  const settings = useNotifySettings();
  const [permission, setPermission] = useState<Permission>(notificationPermission);
  return (
    <section className="settings-section" data-testid="notification-settings">
      <h3 className="settings-heading">Notifications</h3>
      <p className="settings-note">What raises an inbox entry, an unread mark and the count in the window title:</p>
      <div className="notify-kinds">
        {ATTENTION_KINDS.map((kind) => (
          <label key={kind} className="checkbox-inline">
            <input type="checkbox" data-testid={`notify-kind-${kind}`} checked={settings.kinds[kind]} onChange={(e) => settings.setKind(kind, e.target.checked)} />
            {KIND_LABELS[kind]}
          </label>
        ))}
      </div>
      <label className="field-inline">
        <span>Stuck after</span>
        <input
          className="input notify-minutes"
          type="number"
          min={1}
          max={240}
          data-testid="notify-stuck-minutes"
          value={settings.stuckMinutes}
          onChange={(e) => {
            const minutes = Number(e.target.value);
            if (Number.isInteger(minutes) && minutes >= 1 && minutes <= 240) settings.update({ stuckMinutes: minutes });
          }}
        />
        <span className="muted">minutes without any event from a running agent</span>
      </label>
      <label className="checkbox-inline">
        <input type="checkbox" data-testid="notify-desktop" checked={settings.desktop} onChange={(e) => settings.update({ desktop: e.target.checked })} />
        Desktop notifications
      </label>
      <label className="checkbox-inline">
        <input
          type="checkbox"
          data-testid="notify-only-background"
          checked={settings.onlyInBackground}
          disabled={!settings.desktop}
          onChange={(e) => settings.update({ onlyInBackground: e.target.checked })}
        />
        Only while Flotilla is in the background
      </label>
      <p className="settings-note muted" data-testid="notify-permission">
        {PERMISSION_TEXT[permission]}{' '}
        {permission === 'default' && (
          <button type="button" className="button" data-testid="notify-ask-permission" onClick={() => void askNotificationPermission().then(setPermission)}>
            Allow desktop notifications
          </button>
        )}
      </p>
    </section>
  );
}
