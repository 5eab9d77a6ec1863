/**
 * Watches thread summaries for what needs the user (lib/attention-rules.ts) and raises it: an inbox
 * entry, a desktop notification if the user wants one, and the unread count in the window title.
 * A thread the user is looking at (open, window focused) raises its entry already read.
 */
import type { ThreadSummary } from '../../src-shared/domain/thread';
import { attentionDetail, attentionOf, newlyStuck, settledKinds, trackProgress, type Progress } from '../lib/attention-rules';
import { appInBackground, showDesktopNotification } from '../lib/desktop-notify';
import { threadTitle } from '../lib/thread-title';
import { useAppStore } from '../stores/app-store';
import { unreadCount, useAttentionStore } from '../stores/attention-store';
import { KIND_LABELS, useNotifySettings, type AttentionKind } from '../stores/notify-settings-store';
import { useThreadsStore } from '../stores/threads-store';
import { showAppBadge } from '../transport/app-badge';
import { openAttention } from './open-attention';

const STUCK_CHECK_MS = 15_000;

export interface AttentionDeps {
  now: () => number;
  notify: (title: string, body: string, tag: string, onClick: () => void) => void;
  inBackground: () => boolean;
  /** The window title and, where the platform has one, the dock or taskbar badge. */
  showCount: (title: string, count: number) => void;
}

const browserDeps = (): AttentionDeps => ({
  now: () => Date.now(),
  notify: showDesktopNotification,
  inBackground: appInBackground,
  showCount: (title, count) => {
    document.title = title;
    showAppBadge(count);
  },
});

export class AttentionTracker {
  private readonly progress = new Map<string, Progress>();
  private readonly disposers: Array<() => void> = [];

  constructor(
    private readonly deps: AttentionDeps,
    private readonly baseTitle = 'Flotilla',
  ) {}

  start(): () => void {
    this.disposers.push(
      useThreadsStore.subscribe((state, prev) => this.onThreads(state.byId, prev.byId, prev.loaded)),
      useAppStore.subscribe((state, prev) => {
        if (state.route !== prev.route) this.markViewedRead();
      }),
      useAttentionStore.subscribe((state, prev) => {
        if (state.entries !== prev.entries) this.showCount();
      }),
    );
    trackProgress(Object.values(useThreadsStore.getState().byId), this.progress, this.deps.now());
    this.showCount();
    return () => this.dispose();
  }

  dispose(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  /** Called on a timer (and by tests): raises threads that have stalled since the last check. */
  checkStuck(): void {
    const threads = Object.values(useThreadsStore.getState().byId);
    const now = this.deps.now();
    trackProgress(threads, this.progress, now);
    const minutes = useNotifySettings.getState().stuckMinutes;
    for (const thread of newlyStuck(threads, this.progress, now, minutes * 60_000)) this.raise('stuck', thread);
  }

  /** The user is looking at this thread again (window focus, visibility): its entries are seen. */
  markViewedRead(): void {
    const viewed = this.viewedThread();
    if (viewed) useAttentionStore.getState().markThreadRead(viewed);
  }

  private onThreads(byId: Record<string, ThreadSummary>, prevById: Record<string, ThreadSummary>, wasLoaded: boolean): void {
    if (byId === prevById) return;
    const changed = Object.values(byId).filter((t) => t !== prevById[t.id]);
    trackProgress(changed, this.progress, this.deps.now());
    // The first full list is the baseline: what finished before this window opened is not news.
    if (!wasLoaded) return;
    for (const thread of changed) {
      const prev = prevById[thread.id];
      const settled = settledKinds(prev, thread);
      if (settled.length) useAttentionStore.getState().markThreadRead(thread.id, settled);
      const kind = attentionOf(prev, thread);
      if (kind) this.raise(kind, thread);
    }
  }

  private raise(kind: AttentionKind, thread: ThreadSummary): void {
    const settings = useNotifySettings.getState();
    if (!settings.kinds[kind]) return;
    const detail = attentionDetail(kind, thread, settings.stuckMinutes);
    const seen = this.viewedThread() === thread.id;
    useAttentionStore.getState().raise({ threadId: thread.id, kind, detail, at: this.deps.now() }, seen);
    if (!settings.desktop || (settings.onlyInBackground && !this.deps.inBackground())) return;
    this.deps.notify(`${KIND_LABELS[kind]}: ${threadTitle(thread)}`, detail, thread.id, () => openAttention(thread.id, kind));
  }

  private viewedThread(): string | null {
    const route = useAppStore.getState().route;
    return route.view === 'thread' && !this.deps.inBackground() ? route.threadId : null;
  }

  private showCount(): void {
    const count = unreadCount(useAttentionStore.getState().entries);
    this.deps.showCount(count > 0 ? `(${count}) ${this.baseTitle}` : this.baseTitle, count);
  }
}

/** Starts the tracker for this window: the stall check, and "seen" when the window comes back. */
export function startAttention(): () => void {
  const tracker = new AttentionTracker(browserDeps(), document.title || 'Flotilla');
  const stop = tracker.start();
  const timer = setInterval(() => tracker.checkStuck(), STUCK_CHECK_MS);
  const onBack = () => tracker.markViewedRead();
  window.addEventListener('focus', onBack);
  document.addEventListener('visibilitychange', onBack);
  return () => {
    stop();
    clearInterval(timer);
    window.removeEventListener('focus', onBack);
    document.removeEventListener('visibilitychange', onBack);
  };
}
