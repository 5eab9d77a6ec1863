/**
 * What deserves the user's attention and how they hear of it, kept in localStorage (a per-machine
 * choice, like a browser's notification permission): which kinds raise an inbox entry, whether a
 * desktop notification goes with it, and only while Flotilla is in the background or always.
 */
import { create } from 'zustand';
import { isRecord, readLocal, writeLocal } from '../lib/local-setting';

export const ATTENTION_KINDS = ['finished', 'failed', 'approval', 'stuck'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

export const KIND_LABELS: Record<AttentionKind, string> = {
  finished: 'Finished',
  failed: 'Failed',
  approval: 'Needs approval',
  stuck: 'Stuck',
};

export interface NotifySettings {
  kinds: Record<AttentionKind, boolean>;
  desktop: boolean;
  onlyInBackground: boolean;
  /** A running thread with no event for this long counts as stuck. */
  stuckMinutes: number;
}

export const NOTIFY_SETTINGS_KEY = 'flotilla.notifications';

export const DEFAULT_NOTIFY_SETTINGS: NotifySettings = {
  kinds: { finished: true, failed: true, approval: true, stuck: true },
  desktop: true,
  onlyInBackground: true,
  stuckMinutes: 5,
};

/** Keeps every known field that has the right type; anything else takes the default. */
export function parseNotifySettings(raw: unknown): NotifySettings | null {
  if (!isRecord(raw)) return null;
  const d = DEFAULT_NOTIFY_SETTINGS;
  const kindsRaw = isRecord(raw.kinds) ? raw.kinds : {};
  const kinds = { ...d.kinds };
  for (const kind of ATTENTION_KINDS) if (typeof kindsRaw[kind] === 'boolean') kinds[kind] = kindsRaw[kind];
  const minutes = typeof raw.stuckMinutes === 'number' && raw.stuckMinutes >= 1 && raw.stuckMinutes <= 240 ? raw.stuckMinutes : d.stuckMinutes;
  return {
    kinds,
    desktop: typeof raw.desktop === 'boolean' ? raw.desktop : d.desktop,
    onlyInBackground: typeof raw.onlyInBackground === 'boolean' ? raw.onlyInBackground : d.onlyInBackground,
    stuckMinutes: Math.round(minutes),
  };
}

interface NotifySettingsState extends NotifySettings {
  update: (change: Partial<NotifySettings>) => void;
  setKind: (kind: AttentionKind, on: boolean) => void;
}

function settingsOf(s: NotifySettingsState): NotifySettings {
  return { kinds: s.kinds, desktop: s.desktop, onlyInBackground: s.onlyInBackground, stuckMinutes: s.stuckMinutes };
}

export const useNotifySettings = create<NotifySettingsState>()((set, get) => ({
  ...readLocal(NOTIFY_SETTINGS_KEY, DEFAULT_NOTIFY_SETTINGS, parseNotifySettings),
  update: (change) => {
    set(change);
    writeLocal(NOTIFY_SETTINGS_KEY, settingsOf(get()));
  },
  setKind: (kind, on) => get().update({ kinds: { ...get().kinds, [kind]: on } }),
}));
