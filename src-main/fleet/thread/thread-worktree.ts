/**
 * A thread's worktree life, apart from its agent: the making of it (setup, with progress on the
 * card, cancellable), the readers of the agent's shell inside the fleet (setup and teardown type
 * into it and read its output), what a merge landed, its size on disk, and its archiving.
 * ThreadHost owns one and hands it its journal's `emit`.
 */
import { existsSync } from 'node:fs';
import { folderBytes } from '../../project/folder-size';
import type { WorkerTerminalMsg } from '../../../src-shared/protocol/agent';
import type { DiffStat, ThreadSummary } from '../../../src-shared/domain/thread';
import type { SlotWait, ThreadEventMsg } from '../../../src-shared/protocol/thread-events';

/** A walk of a big worktree is cheap, not free: no more often than this. */
const SIZE_INTERVAL_MS = 15_000;

export interface ThreadWorktreeDeps {
  emit(msg: ThreadEventMsg): void;
  /** The summary as of the last event emitted. */
  live(): ThreadSummary;
  /** Types into the agent's shell, starting its worker if none runs. */
  typeIntoShell(data: string): void;
  diffStat(summary: ThreadSummary): Promise<DiffStat>;
}

export class ThreadWorktree {
  /** While the thread is setting up: how to cancel its worktree creation, and when that ended. */
  private setup: { abort: AbortController; done: Promise<void> } | null = null;
  /** Readers of the agent's terminal output inside the fleet (the setup and teardown runners). */
  private readonly taps = new Set<(msg: WorkerTerminalMsg) => void>();
  private sizing: Promise<void> | null = null;
  private sizeAgain = false;
  private lastSized = 0;
  private disposed = false;

  constructor(private readonly deps: ThreadWorktreeDeps) {}

  /** No more measuring: the thread is going away. */
  dispose(): void {
    this.disposed = true;
  }

  /** Every message of the agent's terminal, for the taps. */
  onTerminal(msg: WorkerTerminalMsg): void {
    for (const tap of this.taps) tap(msg);
  }

  /**
   * Runs the making of the thread's worktree (task.run, in the background, or a restore): until
   * `job` ends the thread is setting up; interrupt or discard aborts the signal `job` gets.
   */
  runSetup(job: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const abort = new AbortController();
    const done = job(abort.signal).finally(() => {
      this.setup = null;
    });
    this.setup = { abort, done };
    return done;
  }

  /** Aborts a setup under way; false when there is none. */
  abortSetup(): boolean {
    if (!this.setup) return false;
    this.setup.abort.abort();
    return true;
  }

  /** Cancels a setup still running and waits until it has undone its work. */
  async cancelSetup(): Promise<void> {
    const setup = this.setup;
    if (!setup) return;
    setup.abort.abort();
    await setup.done.catch(() => undefined);
  }

  /**
   * Types `data` into the agent's shell (starting its worker), as the user would, and hands the
   * terminal's output to `tap` until the returned function is called: for setup and teardown.
   */
  typeInShell(data: string, tap: (msg: WorkerTerminalMsg) => void): () => void {
    this.taps.add(tap);
    this.deps.typeIntoShell(data);
    return () => void this.taps.delete(tap);
  }

  /** Progress of the setup, shown on the card. */
  setupProgress(activity: string): void {
    this.deps.emit({ type: 'status_changed', status: 'setting_up', activity, error: null });
  }

  /** Held back by max agents before anything is made; shown on the card, updated as the fleet fills or empties. */
  waitForSlot(wait: SlotWait): void {
    const activity = `Waiting for a slot (${wait.running} running, max ${wait.max})`;
    if (this.deps.live().activity !== activity) this.deps.emit({ type: 'status_changed', status: 'setting_up', activity, error: null, slotWait: wait });
  }

  /** The worktree is ready: the agent starts next. */
  setupReady(): void {
    this.deps.emit({ type: 'status_changed', status: 'starting', activity: 'Starting…', error: null });
    void this.refreshSize();
  }

  /** The worktree could not be made (or its making was cancelled): the agent never starts. */
  setupFailed(error: string): void {
    this.deps.emit({ type: 'status_changed', status: 'failed', activity: `Failed: ${error}`, error });
  }

  /** A restored worktree is ready, its thread back in the state it finished in. */
  restored(status: ThreadSummary['status']): void {
    this.deps.emit({ type: 'status_changed', status, activity: 'Restored', error: null });
  }

  setMergeState(mergeState: ThreadSummary['mergeState']): void {
    this.deps.emit({ type: 'merge_state', mergeState });
  }

  /** The thread's changes as they are now: measured before a merge, they are what it lands. */
  measureChanges(): Promise<DiffStat> {
    return this.deps.diffStat(this.deps.live());
  }

  /** Marks the thread merged, showing from then on the changes it landed. */
  markMerged(landed: DiffStat): void {
    this.setMergeState('merged');
    this.deps.emit({ type: 'diff_stat', diffStat: landed });
  }

  /**
   * Measures the worktree's size in the background (after setup and after each turn): one walk at
   * a time, at most one every SIZE_INTERVAL_MS, the latest ask served by one walk after the
   * running one. The size is kept in the thread's summary, so a reload shows it without a walk.
   */
  refreshSize(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.sizing) {
      this.sizeAgain = true;
      return this.sizing;
    }
    const wait = Math.max(0, this.lastSized + SIZE_INTERVAL_MS - Date.now());
    this.sizing = new Promise<void>((resolve) => setTimeout(resolve, wait).unref())
      .then(() => this.measureSize())
      .finally(() => {
        this.sizing = null;
        this.lastSized = Date.now();
        if (this.sizeAgain) {
          this.sizeAgain = false;
          void this.refreshSize();
        }
      });
    return this.sizing;
  }

  private async measureSize(): Promise<void> {
    const { worktreePath } = this.deps.live();
    if (this.disposed) return;
    const bytes = existsSync(worktreePath) ? await folderBytes(worktreePath).catch(() => null) : null;
    if (!this.disposed) this.setSize(bytes);
  }

  /** The worktree's size on disk, when it changed. */
  setSize(bytes: number | null): void {
    if ((this.deps.live().worktreeBytes ?? null) !== bytes) this.deps.emit({ type: 'worktree_size', bytes });
  }

  /** Archived: the worktree removed, the branch and checkpoints kept; or restored. */
  setArchived(archived: boolean): void {
    this.deps.emit({ type: 'archive_state', archived });
  }
}
