import { beforeEach, describe, expect, it } from 'vitest';
import { ok } from '../../src-shared/protocol/api';
import { fakeClient } from '../test-support/fake-client';
import { summary } from '../test-support/fixtures';
import { useAppStore } from '../stores/app-store';
import { useKeyOverlay } from '../stores/overlay-store';
import { useThreadTabStore } from '../stores/thread-tab-store';
import { useThreadsStore } from '../stores/threads-store';
import { createActions } from './actions';
import { runKeyCommand } from './keyboard-commands';
import { Session } from './session';

const pending = { requestId: 'r9', itemId: 'i1', reason: 'run npm test', kind: 'command' as const };

function setup() {
  const fake = fakeClient({ 'thread.pause': () => ok({}), 'thread.resume': () => ok({}), 'thread.approve': () => ok({}) });
  const actions = createActions(new Session(fake.client));
  return { actions, calls: fake.calls };
}

beforeEach(() => {
  useThreadsStore.setState({ byId: {}, tasks: [], loaded: true });
  useThreadsStore.getState().upsert([
    summary({ id: 'a1', taskId: 'A', agentIndex: 1, status: 'paused', lastSeq: 1 }),
    summary({ id: 'a2', taskId: 'A', agentIndex: 2, status: 'waiting', pendingApproval: pending, lastSeq: 1 }),
    summary({ id: 'b1', taskId: 'B', agentIndex: 1, createdAt: 5_000, status: 'done', lastSeq: 1 }),
  ]);
  useAppStore.setState({ route: { view: 'thread', threadId: 'a1' } });
  useKeyOverlay.setState({ open: null });
});

const route = () => useAppStore.getState().route;

describe('keyboard commands in a thread', () => {
  it('opens agent N of the same task, and steps left and right through the list order', () => {
    const { actions } = setup();
    expect(runKeyCommand({ type: 'agent', number: 2 }, actions)).toBe(true);
    expect(route()).toEqual({ view: 'thread', threadId: 'a2' });
    expect(runKeyCommand({ type: 'agent', number: 3 }, actions)).toBe(false);
    // Newest task first: b1, a1, a2.
    expect(runKeyCommand({ type: 'step', delta: 1 }, actions)).toBe(true);
    expect(route()).toEqual({ view: 'thread', threadId: 'b1' });
    // ↑ and ↓ scroll the transcript in a thread.
    expect(runKeyCommand({ type: 'step', delta: 1, vertical: true }, actions)).toBe(false);
  });

  it('resumes a paused thread, answers a pending approval, and does nothing where nothing applies', async () => {
    const { actions, calls } = setup();
    expect(runKeyCommand({ type: 'toggle-pause' }, actions)).toBe(true);
    expect(runKeyCommand({ type: 'approve' }, actions)).toBe(false);
    useAppStore.getState().navigate({ view: 'thread', threadId: 'a2' });
    expect(runKeyCommand({ type: 'deny' }, actions)).toBe(true);
    useAppStore.getState().navigate({ view: 'thread', threadId: 'b1' });
    expect(runKeyCommand({ type: 'toggle-pause' }, actions)).toBe(false);
    await Promise.resolve();
    expect(calls).toEqual([
      { command: 'thread.resume', params: { threadId: 'a1' } },
      { command: 'thread.approve', params: { threadId: 'a2', requestId: 'r9', decision: 'deny' } },
    ]);
  });

  it('opens Changes and the Terminal, and toggles the overlays', () => {
    const { actions } = setup();
    runKeyCommand({ type: 'changes' }, actions);
    expect(useThreadTabStore.getState().byThread.a1).toBe('changes');
    runKeyCommand({ type: 'palette' }, actions);
    expect(useKeyOverlay.getState().open).toBe('palette');
    runKeyCommand({ type: 'help' }, actions);
    expect(useKeyOverlay.getState().open).toBe('help');
    runKeyCommand({ type: 'terminal' }, actions);
    expect(useThreadTabStore.getState().byThread.a1).toBe('terminal');
  });
});
