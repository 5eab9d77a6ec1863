/**
 * Every thread the fleet knows, live or restored from its log. Owns the ThreadHosts: creates
 * them, finds them, and disposes them all on shutdown.
 */
import type { ThreadSummary } from '../../src-shared/domain/thread';
import { trustWorktreeOf } from '../git/trusted-worktrees';
import { listThreadLogs, loadThreadLog, repairThreadLog, ThreadLogWriter, threadLogPath } from './event-log';
import { errorMessage, type FleetLogger } from './logger';
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
    const host = ThreadHost.create(this.hostDeps(summary.id), summary);
    this.threads.set(host.id, host);
    return host;
  }

  get(threadId: string): ThreadHost | undefined {
    return this.threads.get(threadId);
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
    const loaded = await loadThreadLog(path);
    for (const problem of loaded.problems) this.logger.warn(problem);
    if (loaded.truncateTo !== null) await repairThreadLog(path, loaded.truncateTo);
    const threadId = loaded.events[0]?.threadId;
    if (!threadId || threadLogPath(this.dataDir, threadId) !== path) {
      this.logger.warn(`${path} does not start with its thread's creation; skipped it.`);
      return;
    }
    const host = ThreadHost.restore(this.hostDeps(threadId), loaded.events);
    if (!host) {
      this.logger.warn(`${path} does not start with its thread's creation; skipped it.`);
      return;
    }
    this.threads.set(threadId, host);
    trustWorktreeOf(host.summary.repoPath, host.summary.worktreePath);
  }

  private hostDeps(threadId: string): ThreadHostDeps {
    return { ...this.deps, log: new ThreadLogWriter(threadLogPath(this.dataDir, threadId)) };
  }
}
