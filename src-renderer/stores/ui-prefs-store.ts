/**
 * How the user likes the UI laid out, remembered in localStorage: the theme, whether a thread
 * shows its Changes in a tab or beside the transcript (and how wide the transcript is then), and
 * whether long diff lines wrap or scroll.
 */
import { create } from 'zustand';
import { applyTheme, readThemeChoice, saveThemeChoice, type ThemeChoice } from '../lib/theme';

export type ThreadLayout = 'tabs' | 'side';

export const PREFS_STORAGE_KEY = 'flotilla.ui-prefs';
export const SPLIT_MIN = 25;
export const SPLIT_MAX = 75;

interface StoredPrefs {
  threadLayout: ThreadLayout;
  /** The transcript's share of the thread view's width in side-by-side layout, in percent. */
  splitPercent: number;
  diffWrap: boolean;
}

interface UiPrefsState extends StoredPrefs {
  theme: ThemeChoice;
  setTheme: (theme: ThemeChoice) => void;
  setThreadLayout: (layout: ThreadLayout) => void;
  setSplitPercent: (percent: number) => void;
  setDiffWrap: (wrap: boolean) => void;
}

const DEFAULTS: StoredPrefs = { threadLayout: 'tabs', splitPercent: 50, diffWrap: false };

export function clampSplit(percent: number): number {
  return Number.isFinite(percent) ? Math.min(SPLIT_MAX, Math.max(SPLIT_MIN, percent)) : DEFAULTS.splitPercent;
}

/** Whatever is stored, checked field by field: a hand-edited or older value falls back to the default. */
export function parseStoredPrefs(raw: string | null): StoredPrefs {
  let value: Partial<Record<keyof StoredPrefs, unknown>> = {};
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (parsed && typeof parsed === 'object') value = parsed;
  } catch {
    // A corrupt entry is replaced on the next change.
  }
  return {
    threadLayout: value.threadLayout === 'side' ? 'side' : 'tabs',
    splitPercent: typeof value.splitPercent === 'number' ? clampSplit(value.splitPercent) : DEFAULTS.splitPercent,
    diffWrap: value.diffWrap === true,
  };
}

function load(): StoredPrefs {
  try {
    return parseStoredPrefs(localStorage.getItem(PREFS_STORAGE_KEY));
  } catch {
    return DEFAULTS;
  }
}

function save(prefs: StoredPrefs): void {
  try {
    localStorage.setItem(PREFS_STORAGE_KEY, JSON.stringify(prefs));
  } catch {
    // Storage refused: the choice lasts until the page is reloaded.
  }
}

export const useUiPrefs = create<UiPrefsState>()((set, get) => {
  const update = (change: Partial<StoredPrefs>) => {
    set(change);
    const { threadLayout, splitPercent, diffWrap } = get();
    save({ threadLayout, splitPercent, diffWrap });
  };
  return {
    ...load(),
    theme: readThemeChoice(),
    setTheme: (theme) => {
      saveThemeChoice(theme);
      applyTheme(theme);
      set({ theme });
    },
    setThreadLayout: (threadLayout) => update({ threadLayout }),
    setSplitPercent: (percent) => update({ splitPercent: clampSplit(percent) }),
    setDiffWrap: (diffWrap) => update({ diffWrap }),
  };
});
