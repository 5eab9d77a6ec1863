/**
 * The per-thread transcript feeds. A feed is created the first time its thread is shown or gets
 * events, and disposed once nothing shows it and its thread is finished (or gone): a running
 * thread keeps its feed because its events keep arriving. A grace period avoids refetching a
 * whole log when the user flips between a thread and the dashboard.
 */
import { TranscriptFeed } from './transcript-feed';

interface Entry {
  feed: TranscriptFeed;
  refs: number;
  releasedAt: number;
}

export const DISPOSE_GRACE_MS = 60_000;

export class TranscriptRegistry {
  private readonly entries = new Map<string, Entry>();

  get(threadId: string): TranscriptFeed | undefined {
    return this.entries.get(threadId)?.feed;
  }

  ensure(threadId: string): TranscriptFeed {
    let entry = this.entries.get(threadId);
    if (!entry) {
      entry = { feed: new TranscriptFeed(threadId), refs: 0, releasedAt: Date.now() };
      this.entries.set(threadId, entry);
    }
    return entry.feed;
  }

  feeds(): TranscriptFeed[] {
    return [...this.entries.values()].map((e) => e.feed);
  }

  /** Marks the feed as shown; the returned disposer un-marks it. */
  retain(threadId: string): () => void {
    this.ensure(threadId);
    const entry = this.entries.get(threadId);
    if (entry) entry.refs++;
    let released = false;
    return () => {
      if (released || !entry) return;
      released = true;
      entry.refs--;
      if (entry.refs === 0) entry.releasedAt = Date.now();
    };
  }

  /** Disposes feeds nobody shows whose thread `isFinished` says will get no more events. */
  sweep(isFinished: (threadId: string) => boolean, now = Date.now()): void {
    for (const [id, entry] of this.entries) {
      if (entry.refs > 0 || entry.feed.catchingUp) continue;
      if (now - entry.releasedAt >= DISPOSE_GRACE_MS && isFinished(id)) this.entries.delete(id);
    }
  }

  /** Drops feeds of threads that no longer exist. */
  retainOnly(threadIds: ReadonlySet<string>): void {
    for (const id of this.entries.keys()) if (!threadIds.has(id)) this.entries.delete(id);
  }
}
