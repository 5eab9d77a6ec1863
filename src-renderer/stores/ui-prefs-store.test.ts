import { describe, expect, it } from 'vitest';
import { applyTheme, readThemeChoice, saveThemeChoice, THEME_STORAGE_KEY } from '../lib/theme';
import { clampSplit, parseStoredPrefs, SPLIT_MAX, SPLIT_MIN } from './ui-prefs-store';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) };
}

describe('the theme choice', () => {
  it('reads what was saved, and falls back to System for nothing, junk or a refused storage', () => {
    const storage = memoryStorage();
    expect(readThemeChoice(storage)).toBe('system');
    saveThemeChoice('light', storage);
    expect(readThemeChoice(storage)).toBe('light');
    expect(readThemeChoice(memoryStorage({ [THEME_STORAGE_KEY]: 'purple' }))).toBe('system');
    const refusing = { getItem: () => { throw new Error('SecurityError'); } };
    expect(readThemeChoice(refusing)).toBe('system');
    expect(readThemeChoice(null)).toBe('system');
  });

  it('sets data-theme for Light and Dark and removes it for System', () => {
    const attributes = new Map<string, string>();
    const root = {
      setAttribute: (name: string, value: string) => void attributes.set(name, value),
      removeAttribute: (name: string) => void attributes.delete(name),
    } as unknown as HTMLElement;
    applyTheme('dark', root);
    expect(attributes.get('data-theme')).toBe('dark');
    applyTheme('light', root);
    expect(attributes.get('data-theme')).toBe('light');
    applyTheme('system', root);
    expect(attributes.has('data-theme')).toBe(false);
  });
});

describe('stored layout preferences', () => {
  it('keeps valid fields and replaces the rest with defaults', () => {
    expect(parseStoredPrefs(null)).toEqual({ threadLayout: 'tabs', splitPercent: 50, diffWrap: false });
    expect(parseStoredPrefs('{"threadLayout":"side","splitPercent":62,"diffWrap":true}')).toEqual({ threadLayout: 'side', splitPercent: 62, diffWrap: true });
    expect(parseStoredPrefs('{"threadLayout":"grid","splitPercent":"wide","diffWrap":1}')).toEqual({ threadLayout: 'tabs', splitPercent: 50, diffWrap: false });
    expect(parseStoredPrefs('not json')).toEqual({ threadLayout: 'tabs', splitPercent: 50, diffWrap: false });
  });

  it('keeps the split between its bounds', () => {
    expect(clampSplit(5)).toBe(SPLIT_MIN);
    expect(clampSplit(99)).toBe(SPLIT_MAX);
    expect(clampSplit(40)).toBe(40);
    expect(clampSplit(Number.NaN)).toBe(50);
    expect(parseStoredPrefs('{"splitPercent":3}').splitPercent).toBe(SPLIT_MIN);
  });
});
