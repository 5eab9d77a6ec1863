import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  ClientEvent,
  CommandName,
  CommandParams,
  CommandResult,
  FlotillaClient,
  Result,
} from '../../src-shared/protocol/api';
import type { ThreadEvent } from '../../src-shared/protocol/thread-events';
import { useAppStore } from '../stores/app-store';
import { useThreadsStore } from '../stores/threads-store';
import { created, summary, textDelta, textStart } from '../test-support/fixtures';
import { Session } from './session';

/** Answers app.info, threads.list and thread.events from a fake log; records every call. */
class FakeClient implements FlotillaClient {
  calls: Array<{ command: string; params: unknown }> = [];
  log: ThreadEvent[] = [];
  /** When set, thread.events answers this many events at a time, as the fleet pages them. */
  pageSize: number | null = null;
  private eventListener: ((event: ClientEvent) => void) | null = null;
  private connectionListener: ((connected: boolean, refusal?: Error) => void) | null = null;

  async call<C extends CommandName>(command: C, params: CommandParams<C>): Promise<Result<CommandResult<C>>> {
    this.calls.push({ command, params });
    return { ok: true, value: this.answer(command, params) as CommandResult<C> };
  }
  private answer(command: CommandName, params: unknown): unknown {
    if (command === 'threads.list') return [summary({ id: 't', lastSeq: this.log.length })];
    if (command === 'app.info') {
      const info = { version: '0', demoMode: true, dataDir: '/d', maxAgents: 8, initialRepo: null };
      return { ...info, providerLabel: 'demo', canPickFolder: false };
    }
    const afterSeq = (params as { afterSeq: number }).afterSeq;
    const after = this.log.filter((e) => e.seq > afterSeq);
    if (this.pageSize === null) return { events: after };
    const events = after.slice(0, this.pageSize);
    return { events, hasMore: events.length < after.length, nextAfterSeq: events.at(-1)?.seq ?? afterSeq };
  }
  onEvent(listener: (event: ClientEvent) => void) {
    this.eventListener = listener;
    return () => undefined;
  }
  onTerminal() {
    return () => undefined;
  }
  onConnectionChange(listener: (connected: boolean, refusal?: Error) => void) {
    this.connectionListener = listener;
    return () => undefined;
  }
  connect(connected: boolean, refusal?: Error) {
    this.connectionListener?.(connected, refusal);
  }
  push(events: ThreadEvent[]) {
    this.log.push(...events);
    this.eventListener?.({ type: 'batch', events, threads: [summary({ id: 't', lastSeq: this.log.length })] });
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
let session: Session | null = null;
afterEach(() => session?.dispose());

describe('Session', () => {
  it('catches every existing feed up from its lastSeq after a reconnect', async () => {
    const client = new FakeClient();
    session = new Session(client);
    client.connect(true);
    await settle();
    client.push([created('t'), textStart('t', 2, 'm'), textDelta('t', 3, 'm', 'Hel')]);

    client.connect(false);
    // Missed while disconnected: in the log, never pushed.
    client.log.push(textDelta('t', 4, 'm', 'lo'));
    client.calls = [];
    client.connect(true);
    await settle();

    expect(client.calls).toContainEqual({ command: 'thread.events', params: { threadId: 't', afterSeq: 3 } });
    expect(client.calls.some((c) => c.command === 'threads.list')).toBe(true);
    const feed = session.registry.get('t');
    expect(feed?.store.getState().transcript.items[0]).toMatchObject({ text: 'Hello' });
    expect(useThreadsStore.getState().byId.t?.lastSeq).toBe(4);
  });

  it('shows why a connection was refused (another protocol version), and calls nothing', async () => {
    const client = new FakeClient();
    session = new Session(client);
    client.connect(false, new Error('This page speaks Flotilla protocol 1, but ... To fix it, reload the page.'));
    await settle();
    expect(useAppStore.getState().notices.map((n) => n.message)).toContain('This page speaks Flotilla protocol 1, but ... To fix it, reload the page.');
    expect(client.calls).toEqual([]);
  });

  it('fetches history first when live events join a thread midway', async () => {
    const client = new FakeClient();
    session = new Session(client);
    client.connect(true);
    await settle();
    client.log.push(created('u'), textStart('u', 2, 'm'));
    client.push([textDelta('u', 3, 'm', 'late')]);
    await settle();
    expect(session.registry.get('u')?.store.getState().transcript.items[0]).toMatchObject({ text: 'late' });
  });

  it('catches up page after page until the fleet says no more follow', async () => {
    const client = new FakeClient();
    client.pageSize = 2;
    client.log.push(created('t'), textStart('t', 2, 'm'), textDelta('t', 3, 'm', 'a'), textDelta('t', 4, 'm', 'b'), textDelta('t', 5, 'm', 'c'));
    session = new Session(client);
    client.connect(true);
    await settle();
    const release = session.show('t');
    await vi.waitFor(() => expect(session?.registry.get('t')?.store.getState().transcript.items[0]).toMatchObject({ text: 'abc' }));
    const pages = client.calls.filter((c) => c.command === 'thread.events').map((c) => (c.params as { afterSeq: number }).afterSeq);
    expect(pages).toEqual([0, 2, 4]);
    release();
  });
});
