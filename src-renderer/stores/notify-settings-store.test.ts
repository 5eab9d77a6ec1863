import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFY_SETTINGS, parseNotifySettings } from './notify-settings-store';

describe('notification settings from localStorage', () => {
  it('keeps each well-typed field and defaults the rest', () => {
    expect(parseNotifySettings({ kinds: { finished: false, bogus: true }, desktop: 'yes', stuckMinutes: 12 })).toEqual({
      ...DEFAULT_NOTIFY_SETTINGS,
      kinds: { ...DEFAULT_NOTIFY_SETTINGS.kinds, finished: false },
      stuckMinutes: 12,
    });
    expect(parseNotifySettings({ stuckMinutes: 0 })?.stuckMinutes).toBe(DEFAULT_NOTIFY_SETTINGS.stuckMinutes);
    expect(parseNotifySettings([1, 2])).toBeNull();
  });
});
