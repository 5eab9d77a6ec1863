import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summary } from '../test-support/fixtures';
import { useAppStore } from '../stores/app-store';
import { useAttentionStore } from '../stores/attention-store';
import { DEFAULT_NOTIFY_SETTINGS, useNotifySettings } from '../stores/notify-settings-store';
import { useThreadsStore } from '../stores/threads-store';
import { AttentionTracker } from './attention-tracker';

interface Shown {
  title: string;
  body: string;
  onClick: () => void;
}

function setup(background = true) {
  const clock = { now: 1_000_000 };
  const shown: Shown[] = [];
  const titles: string[] = [];
  const tracker = new AttentionTracker({
    now: () => clock.now,
    notify: (title, body, _tag, onClick) => shown.push({ title, body, onClick }),
    inBackground: () => background,
    showCount: (title) => titles.push(title),
  });
  const stop = tracker.start();
  return { clock, shown, titles, tracker, stop };
}

const threads = () => useThreadsStore.getState();
const entries = () => useAttentionStore.getState().entries;
const working = summary({ id: 't1', prompt: 'Add a note', agentIndex: 2, status: 'working', lastSeq: 5 });

let stop: (() => void) | null = null;

beforeEach(() => {
  useThreadsStore.setState({ byId: {}, tasks: [], loaded: false });
  useAttentionStore.setState({ entries: [], focus: null, inboxOpen: false });
  useAppStore.setState({ route: { view: 'dashboard' } });
  useNotifySettings.setState({ ...DEFAULT_NOTIFY_SETTINGS });
});
afterEach(() => stop?.());

describe('attention tracker', () => {
  it('takes the first list as a baseline, then raises a finished thread with a notification and the title count', () => {
    const t = setup();
    stop = t.stop;
    threads().replaceAll([summary({ id: 'old', status: 'done', lastSeq: 9 }), working]);
    expect(entries()).toEqual([]);

    threads().upsert([{ ...working, status: 'done', lastSeq: 8, diffStat: { files: 1, additions: 3, deletions: 0 } }]);
    expect(entries()).toMatchObject([{ threadId: 't1', kind: 'finished', read: false, detail: 'Finished · 1 file changed' }]);
    expect(t.shown.map((s) => s.title)).toEqual(['Finished: Add a note · agent 2']);
    expect(t.titles.at(-1)).toBe('(1) Flotilla');

    // Clicking the notification opens the thread at its end and marks it seen.
    t.shown[0]?.onClick();
    expect(useAppStore.getState().route).toEqual({ view: 'thread', threadId: 't1' });
    expect(useAttentionStore.getState().focus).toMatchObject({ threadId: 't1', kind: 'finished' });
    expect(entries()[0]?.read).toBe(true);
    expect(t.titles.at(-1)).toBe('Flotilla');
  });

  it('lets a newer entry supersede an older one, and settles an approval once answered', () => {
    stop = setup().stop;
    threads().replaceAll([working]);
    const pending = { requestId: 'r1', itemId: 'i1', reason: 'run npm test', kind: 'command' as const };
    threads().upsert([{ ...working, status: 'waiting', pendingApproval: pending, lastSeq: 6 }]);
    expect(entries()).toMatchObject([{ kind: 'approval', detail: 'Needs approval: run npm test', read: false }]);
    threads().upsert([{ ...working, status: 'working', pendingApproval: null, lastSeq: 7 }]);
    expect(entries()[0]?.read).toBe(true);
    threads().upsert([{ ...working, status: 'failed', error: 'boom', lastSeq: 8 }]);
    expect(entries().map((e) => [e.kind, e.read])).toEqual([
      ['failed', false],
      ['approval', true],
    ]);
  });

  it('raises a thread the user is looking at as already read, and notifies only in the background unless told otherwise', () => {
    const t = setup(false);
    stop = t.stop;
    threads().replaceAll([working]);
    useAppStore.getState().navigate({ view: 'thread', threadId: 't1' });
    threads().upsert([{ ...working, status: 'done', lastSeq: 6 }]);
    expect(entries()).toMatchObject([{ kind: 'finished', read: true }]);
    expect(t.shown).toEqual([]);

    useNotifySettings.getState().update({ onlyInBackground: false });
    threads().upsert([{ ...working, status: 'failed', lastSeq: 7 }]);
    expect(t.shown).toHaveLength(1);
  });

  it('follows the kinds the user chose', () => {
    stop = setup().stop;
    useNotifySettings.getState().setKind('finished', false);
    threads().replaceAll([working]);
    threads().upsert([{ ...working, status: 'done', lastSeq: 6 }]);
    expect(entries()).toEqual([]);
  });

  it('calls a running thread stuck after the threshold without an event, once, and settles it on progress', () => {
    const t = setup();
    stop = t.stop;
    threads().replaceAll([working, summary({ id: 'p', status: 'paused', lastSeq: 3 })]);
    t.clock.now += 4 * 60_000;
    t.tracker.checkStuck();
    expect(entries()).toEqual([]);
    t.clock.now += 60_000;
    t.tracker.checkStuck();
    t.clock.now += 60_000;
    t.tracker.checkStuck();
    expect(entries()).toMatchObject([{ threadId: 't1', kind: 'stuck', read: false }]);
    threads().upsert([{ ...working, lastSeq: 6 }]);
    expect(entries()[0]?.read).toBe(true);
  });
});
