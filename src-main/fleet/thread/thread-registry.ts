/**
 * Every thread the fleet knows, live or restored from its log. Owns the ThreadHosts: creates
 * them, finds them, and disposes them all on shutdown.
 */
import { basename } from 'node:path';
import type { ThreadSummary } from '../../../src-shared/domain/thread';
import type { ThreadEvent } from '../../../src-shared/protocol/thread-events';
import { trustWorktreeOf } from '../../git/trusted-worktrees';
import { listThreadLogs, loadThreadLog, repairThreadLog, ThreadLogWriter, threadLogPath } from './event-log';
import { errorMessage, type FleetLogger } from '../logger';
import { readThreadCreation, threadCreationPath, writeThreadCreation } from './thread-creation-record';
import { ThreadHost, type ThreadHostDeps } from './thread-host';

export type SharedHostDeps = Omit<ThreadHostDeps, 'log'>;

export class ThreadRegistry {
  private readonly threads = new Map<string, ThreadHost>();

  constructor(
    private readonly dataDir: string,
    private readonly deps: SharedHostDeps,
    private readonly logger: FleetLogger,
  ) {}

  create(summary: ThreadSummary): ThreadHost {
    writeThreadCreation(this.dataDir, creationEvent(summary));
    const host = ThreadHost.create(this.hostDeps(summary.id), summary);
    this.threads.set(host.id, host);
    return host;
  }

  get(threadId: string): ThreadHost | undefined {
    return this.threads.get(threadId);
  }

  /** Every host, in no particular order (for counts over live statuses). */
  hosts(): ThreadHost[] {
    return [...this.threads.values()];
  }

  /** Oldest task first, agents in order. */
  list(): ThreadSummary[] {
    return [...this.threads.values()]
      .map((host) => host.summary)
      .sort((a, b) => a.createdAt - b.createdAt || a.agentIndex - b.agentIndex);
  }

  taskSize(taskId: string): number {
    return [...this.threads.values()].filter((host) => host.summary.taskId === taskId).length;
  }

  /** Rebuilds every thread from its log. A log that cannot be used is reported and skipped. */
  async loadAll(): Promise<void> {
    for (const path of await listThreadLogs(this.dataDir)) {
      try {
        await this.loadOne(path);
      } catch (error) {
        this.logger.error(`Could not load thread log ${path}: ${errorMessage(error)}`);
      }
    }
  }

  async disposeAll(): Promise<void> {
    await Promise.all([...this.threads.values()].map((host) => host.dispose()));
  }

  private async loadOne(path: string): Promise<void> {
    // The file name says whose log it is; lines of another thread in it are skipped.
    const threadId = basename(path, '.jsonl');
    const loaded = await loadThreadLog(path, threadId);
    for (const problem of loaded.problems) this.logger.warn(problem);
    if (loaded.truncateTo !== null) await repairThreadLog(path, loaded.truncateTo);
    const events = await this.withCreation(threadId, path, loaded.events);
    const host = events ? ThreadHost.restore(this.hostDeps(threadId), events, loaded.lastSeq) : null;
    if (!host) {
      this.logger.warn(`${path} does not start with its thread's creation and ${threadCreationPath(this.dataDir, threadId)} is missing; skipped it.`);
      return;
    }
    // Before any git call of the thread: the fleet's git then uses the gitdir the repository recorded.
    trustWorktreeOf(host.summary.repoPath, host.summary.worktreePath);
    // What restoring recorded (a running thread coming back interrupted) is on disk before anyone asks.
    await host.settled();
    this.threads.set(threadId, host);
  }

  /**
   * The log's events, starting with the thread's creation: from the log itself (recording the
   * copy a thread from before the copy existed lacks), else from the copy made at creation.
   */
  private async withCreation(threadId: string, path: string, events: ThreadEvent[]): Promise<ThreadEvent[] | null> {
    const first = events[0];
    const created = await readThreadCreation(this.dataDir, threadId);
    if (first?.msg.type === 'thread_created') {
      if (!created) writeThreadCreation(this.dataDir, first);
      return events;
    }
    if (!created) return null;
    this.logger.warn(`${path}: its first line is unreadable; rebuilt the thread from ${threadCreationPath(this.dataDir, threadId)}.`);
    return [created, ...events.filter((event) => event.seq > created.seq)];
  }

  private hostDeps(threadId: string): ThreadHostDeps {
    return { ...this.deps, log: new ThreadLogWriter(threadLogPath(this.dataDir, threadId)) };
  }
}

/** The same event ThreadHost.create logs as the thread's first line. */
function creationEvent(summary: ThreadSummary): ThreadEvent {
  return { threadId: summary.id, seq: 1, ts: Date.now(), msg: { type: 'thread_created', thread: { ...summary, lastSeq: 1 } } };
}
