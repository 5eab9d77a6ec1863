/**
 * Wires a FlotillaClient to the stores: pushed batches go to the threads store and the per-thread
 * transcript feeds; every (re)connect lists threads and catches each existing feed up from its
 * lastSeq, so a dropped socket loses nothing. UI actions live in actions.ts.
 */
import { isTerminalStatus } from '../../src-shared/domain/thread';
import type { ClientEvent, FlotillaClient } from '../../src-shared/protocol/api';
import type { ThreadEvent } from '../../src-shared/protocol/thread-events';
import { fetchEventsAfter } from '../../src-shared/thread-event-pages';
import { useAppStore } from '../stores/app-store';
import { useHostsStore } from '../stores/hosts-store';
import { useThreadsStore } from '../stores/threads-store';
import type { TranscriptFeed } from '../stores/transcript-feed';
import { TranscriptRegistry } from '../stores/transcript-registry';
import { safeCall } from './safe-call';

const SWEEP_INTERVAL_MS = 15_000;

export class Session {
  readonly registry = new TranscriptRegistry();
  private readonly disposers: Array<() => void> = [];
  private connected = false;
  private initialRepoTried = false;

  constructor(readonly client: FlotillaClient) {
    this.disposers.push(
      client.onEvent((event) => this.ingest(event)),
      client.onConnectionChange((connected, refusal) => this.handleConnection(connected, refusal)),
    );
    const sweep = setInterval(() => this.registry.sweep(isFinished), SWEEP_INTERVAL_MS);
    this.disposers.push(() => clearInterval(sweep));
  }

  dispose(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  /** Called by a view showing a thread: keeps its feed alive and makes sure it has the history. */
  show(threadId: string): () => void {
    const release = this.registry.retain(threadId);
    const feed = this.registry.ensure(threadId);
    const summary = useThreadsStore.getState().byId[threadId];
    if (this.connected && summary && summary.lastSeq > feed.lastSeq) void this.catchUp(feed);
    return release;
  }

  private handleConnection(connected: boolean, refusal?: Error): void {
    // A refused connection does not come back: the notice says what to do (reload, upgrade).
    this.connected = connected;
    if (refusal) {
      useAppStore.getState().pushNotice(refusal.message);
      useAppStore.getState().setRefused();
      return;
    }
    useAppStore.getState().setConnected(connected);
    if (connected) void this.bootstrap();
  }

  private async bootstrap(): Promise<void> {
    const app = useAppStore.getState();
    const info = await safeCall(this.client, 'app.info', {});
    if (!info.ok) app.pushNotice(`Could not load app info: ${info.error.message}`);
    else app.setAppInfo(info.value);
    const initialRepo = info.ok ? info.value.initialRepo : null;
    const openInitial = initialRepo && !this.initialRepoTried && !useAppStore.getState().repo;
    if (openInitial) this.initialRepoTried = true;
    await Promise.all([
      openInitial ? openRepo(this.client, initialRepo) : null,
      this.refreshThreads(),
      this.refreshHosts(),
      ...this.registry.feeds().map((feed) => this.catchUp(feed)),
    ]);
  }

  private async refreshThreads(): Promise<void> {
    const result = await safeCall(this.client, 'threads.list', {});
    if (!result.ok) {
      useAppStore.getState().pushNotice(`Could not list threads: ${result.error.message}`);
      return;
    }
    useThreadsStore.getState().replaceAll(result.value);
    this.registry.retainOnly(new Set(result.value.map((t) => t.id)));
  }

  /** A server before hosts.status (or one without hosts) leaves the chips empty. */
  private async refreshHosts(): Promise<void> {
    const result = await safeCall(this.client, 'hosts.status', {});
    useHostsStore.getState().setHosts(result.ok ? result.value : []);
  }

  private ingest(event: ClientEvent): void {
    if (event.hosts) useHostsStore.getState().setHosts(event.hosts);
    if (event.threads.length) useThreadsStore.getState().upsert(event.threads);
    for (const [threadId, events] of groupByThread(event.events)) {
      const feed = this.registry.ensure(threadId);
      if (feed.needsHistory(events)) void this.catchUp(feed);
      feed.receive(events);
    }
  }

  private async catchUp(feed: TranscriptFeed): Promise<void> {
    const afterSeq = feed.beginCatchUp();
    if (afterSeq === null) return;
    const threadId = feed.threadId;
    const result = await fetchEventsAfter((after) => safeCall(this.client, 'thread.events', { threadId, afterSeq: after }), afterSeq);
    if (result.ok) {
      feed.completeCatchUp(result.value.filter((e) => e.threadId === threadId));
      return;
    }
    feed.abortCatchUp();
    // While disconnected the next connect retries; only a live failure is worth showing.
    if (this.connected) useAppStore.getState().pushNotice(`Could not load thread history: ${result.error.message}`);
  }
}

/** Opens a repository and records the outcome in the app store. */
export async function openRepo(client: FlotillaClient, path: string): Promise<void> {
  const app = useAppStore.getState();
  app.setRepoPending();
  const result = await safeCall(client, 'repo.open', { path });
  if (result.ok) app.setRepoResult(result.value, null);
  else app.setRepoResult(null, result.error);
}

function isFinished(threadId: string): boolean {
  const summary = useThreadsStore.getState().byId[threadId];
  return !summary || isTerminalStatus(summary.status);
}

function groupByThread(events: readonly ThreadEvent[]): Map<string, ThreadEvent[]> {
  const groups = new Map<string, ThreadEvent[]>();
  for (const event of events) {
    const group = groups.get(event.threadId);
    if (group) group.push(event);
    else groups.set(event.threadId, [event]);
  }
  return groups;
}
