/**
 * The inbox: what needs the user, newest first, and what they have seen. A new entry for a thread
 * supersedes that thread's older unread ones (the latest word on a thread is the one that counts),
 * so the unread count is the number of threads waiting on the user. `focus` asks the thread view
 * to open at the point an entry is about (the approval, the error, the end).
 */
import { create } from 'zustand';
import type { AttentionKind } from './notify-settings-store';

export interface InboxEntry {
  id: number;
  threadId: string;
  kind: AttentionKind;
  detail: string;
  at: number;
  read: boolean;
}

export interface AttentionFocus {
  threadId: string;
  kind: AttentionKind;
  /** Changes on every request, so asking twice for the same point scrolls there again. */
  nonce: number;
}

const MAX_ENTRIES = 100;

interface AttentionState {
  entries: InboxEntry[];
  inboxOpen: boolean;
  focus: AttentionFocus | null;
  raise: (entry: Omit<InboxEntry, 'id' | 'read'>, read?: boolean) => InboxEntry;
  markThreadRead: (threadId: string, kinds?: readonly AttentionKind[]) => void;
  markAllRead: () => void;
  setInboxOpen: (open: boolean) => void;
  requestFocus: (threadId: string, kind: AttentionKind) => void;
  clearFocus: (nonce: number) => void;
}

let nextId = 1;

export const useAttentionStore = create<AttentionState>()((set, get) => ({
  entries: [],
  inboxOpen: false,
  focus: null,
  raise: (fields, read = false) => {
    const entry: InboxEntry = { ...fields, id: nextId++, read };
    set((s) => ({
      entries: [entry, ...s.entries.map((e) => (e.threadId === entry.threadId && !e.read ? { ...e, read: true } : e))].slice(0, MAX_ENTRIES),
    }));
    return entry;
  },
  markThreadRead: (threadId, kinds) => {
    const matches = (e: InboxEntry) => !e.read && e.threadId === threadId && (!kinds || kinds.includes(e.kind));
    if (!get().entries.some(matches)) return;
    set((s) => ({ entries: s.entries.map((e) => (matches(e) ? { ...e, read: true } : e)) }));
  },
  markAllRead: () => {
    if (!get().entries.some((e) => !e.read)) return;
    set((s) => ({ entries: s.entries.map((e) => (e.read ? e : { ...e, read: true })) }));
  },
  setInboxOpen: (inboxOpen) => set({ inboxOpen }),
  requestFocus: (threadId, kind) => set({ focus: { threadId, kind, nonce: nextId++ } }),
  clearFocus: (nonce) => {
    if (get().focus?.nonce === nonce) set({ focus: null });
  },
}));

export function unreadCount(entries: readonly InboxEntry[]): number {
  return entries.reduce((n, e) => (e.read ? n : n + 1), 0);
}

export function useUnreadCount(): number {
  return useAttentionStore((s) => unreadCount(s.entries));
}

/** The thread's unread entry, if any (at most one: a new one supersedes the rest). */
export function useThreadUnread(threadId: string): InboxEntry | undefined {
  return useAttentionStore((s) => s.entries.find((e) => e.threadId === threadId && !e.read));
}
