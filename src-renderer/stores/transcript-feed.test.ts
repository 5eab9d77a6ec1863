import { describe, expect, it } from 'vitest';
import { created, event, textDelta, textStart } from '../test-support/fixtures';
import { selectTail, TranscriptFeed } from './transcript-feed';
import { DISPOSE_GRACE_MS, TranscriptRegistry } from './transcript-registry';

describe('TranscriptFeed', () => {
  it('folds a batch with one store update', () => {
    const feed = new TranscriptFeed('t');
    let updates = 0;
    feed.store.subscribe(() => updates++);
    feed.receive([created('t'), textStart('t', 2, 'm'), textDelta('t', 3, 'm', 'Hel'), textDelta('t', 4, 'm', 'lo')]);
    expect(updates).toBe(1);
    expect(feed.store.getState().transcript.items).toEqual([{ type: 'assistant_message', id: 'm', text: 'Hello' }]);
  });

  it('only a delta-touched item changes identity', () => {
    const feed = new TranscriptFeed('t');
    feed.receive([created('t'), textStart('t', 2, 'a'), textStart('t', 3, 'b')]);
    const [a, b] = feed.store.getState().transcript.items;
    feed.receive([textDelta('t', 4, 'b', 'x')]);
    const [a2, b2] = feed.store.getState().transcript.items;
    expect(a2).toBe(a);
    expect(b2).not.toBe(b);
  });

  it('needs history when live events do not start the log', () => {
    const feed = new TranscriptFeed('t');
    expect(feed.needsHistory([textDelta('t', 7, 'm', 'x')])).toBe(true);
    expect(feed.needsHistory([created('t')])).toBe(false);
  });

  it('buffers live events during a catch-up and applies them after the history', () => {
    const feed = new TranscriptFeed('t');
    expect(feed.beginCatchUp()).toBe(0);
    expect(feed.beginCatchUp()).toBeNull();
    expect(feed.store.getState().loading).toBe(true);
    feed.receive([textDelta('t', 4, 'm', ' world')]);
    expect(feed.store.getState().transcript.items).toEqual([]);
    feed.completeCatchUp([created('t'), textStart('t', 2, 'm'), textDelta('t', 3, 'm', 'Hello')]);
    const state = feed.store.getState();
    expect(state.loading).toBe(false);
    expect(state.transcript.lastSeq).toBe(4);
    expect(state.transcript.items[0]).toMatchObject({ text: 'Hello world' });
  });

  it('a catch-up overlapping live events applies each event once', () => {
    const feed = new TranscriptFeed('t');
    feed.receive([created('t'), textStart('t', 2, 'm'), textDelta('t', 3, 'm', 'a')]);
    expect(feed.beginCatchUp()).toBe(3);
    feed.receive([textDelta('t', 5, 'm', 'c')]);
    feed.completeCatchUp([textDelta('t', 4, 'm', 'b'), textDelta('t', 5, 'm', 'c')]);
    expect(feed.store.getState().transcript.items[0]).toMatchObject({ text: 'abc' });
  });
});

describe('selectTail', () => {
  it('shows the latest assistant text or command', () => {
    const feed = new TranscriptFeed('t');
    feed.receive([created('t'), textStart('t', 2, 'm'), textDelta('t', 3, 'm', 'Looking around')]);
    expect(selectTail(feed.store.getState().transcript)).toEqual({ kind: 'text', text: 'Looking around' });
    const command = {
      type: 'command' as const,
      id: 'c',
      command: 'npm test',
      cwd: '/w',
      output: 'a\nb\nc\nd\n',
      exitCode: null,
      durationMs: null,
      sessionId: null,
      status: 'in_progress' as const,
    };
    feed.receive([event('t', 4, { type: 'item_started', turnId: 'x', item: command })]);
    expect(selectTail(feed.store.getState().transcript)).toEqual({ kind: 'command', text: '$ npm test\na\nb\nc\nd' });
  });
});

describe('selectTail of a long message', () => {
  it('shows the last 400 characters without markup, marked as cut', () => {
    const feed = new TranscriptFeed('t');
    const text = `${'Early words. '.repeat(400)}**The last sentence** is \`here\`.`;
    feed.receive([created('t'), textStart('t', 2, 'm'), textDelta('t', 3, 'm', text)]);
    const tail = selectTail(feed.store.getState().transcript);
    expect(tail.text.startsWith('…')).toBe(true);
    expect(tail.text.endsWith('The last sentence is here.')).toBe(true);
    expect(tail.text.length).toBe(401);
  });

  it('marks a tail cut short by stripped markup as cut too', () => {
    const feed = new TranscriptFeed('t');
    const text = `Intro.\n${'```\n'.repeat(600)}Done.`;
    feed.receive([created('t'), textStart('t', 2, 'm'), textDelta('t', 3, 'm', text)]);
    expect(selectTail(feed.store.getState().transcript)).toEqual({ kind: 'text', text: '…Done.' });
  });
});

describe('TranscriptRegistry', () => {
  it('disposes unshown feeds of finished threads after the grace period', () => {
    const registry = new TranscriptRegistry();
    const release = registry.retain('done');
    registry.ensure('running');
    const now = Date.now();
    registry.sweep((id) => id === 'done', now + DISPOSE_GRACE_MS * 2);
    expect(registry.get('done')).toBeDefined();
    release();
    registry.sweep((id) => id === 'done', Date.now() + DISPOSE_GRACE_MS);
    expect(registry.get('done')).toBeUndefined();
    expect(registry.get('running')).toBeDefined();
  });
});
