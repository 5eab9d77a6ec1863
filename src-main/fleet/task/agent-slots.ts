/**
 * Max agents as a fleet-wide limit on agents running at once, not only on one task's size. A
 * new thread asks for a slot before anything of it is made (worktree, setup, worker): while the
 * fleet is full it stays setting up, its card saying "Waiting for a slot (8 running, max 8)", and
 * it starts by itself, in creation order, once a running thread stops running.
 *
 * What holds a slot is read from live statuses, so every way a thread stops running frees one
 * (done, failed, interrupted, setup failed, discarded or archived, which need it stopped first):
 * a thread running (starting, working, waiting for approval, paused) or granted a slot and still
 * setting up. Paused threads keep their slot: resuming one is a plain SIGCONT that cannot wait,
 * so a released slot would let a resume push the fleet past the limit, and a paused agent still
 * holds its worker, its shell and its stopped command. Only a new thread's first start waits:
 * a message the user sends, a resume or a retry is a request to run that thread now, and runs
 * (counted, so new threads wait the longer).
 */
import type { ThreadStatus } from '../../../src-shared/domain/thread';
import type { SlotWait } from '../../../src-shared/protocol/thread-events';
import { isRunningStatus } from '../thread';

/** What the slots need of a thread: its live status, and a card to show the wait on. */
export interface SlotThread {
  readonly id: string;
  readonly status: ThreadStatus;
  readonly worktree: { waitForSlot(wait: SlotWait): void; setupProgress(activity: string): void };
}

interface Waiter {
  thread: SlotThread;
  grant: () => void;
}

export class SlotCancelled extends Error {}

export class AgentSlots {
  private readonly granted = new Set<string>();
  private readonly queue: Waiter[] = [];
  private pumpDue = false;

  constructor(
    private max: number,
    private readonly threads: () => Iterable<SlotThread>,
  ) {}

  /** Threads holding a slot now. */
  running(): number {
    let count = 0;
    for (const thread of this.threads()) if (this.holds(thread)) count += 1;
    return count;
  }

  get limit(): number {
    return this.max;
  }

  /** A raised limit starts waiting threads at once; a lowered one stops nobody, new starts wait. */
  setMax(max: number): void {
    if (max === this.max) return;
    this.max = max;
    this.schedulePump();
  }

  /**
   * Resolves once `thread` may start (at once when a slot is free and nobody waits ahead);
   * rejects with SlotCancelled if `signal` aborts first (interrupt, discard, the fleet stopping).
   */
  acquire(thread: SlotThread, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new SlotCancelled());
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        thread,
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(new SlotCancelled());
        this.schedulePump();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.schedulePump();
    });
  }

  /** A thread's live status moved: a slot may have come free. */
  statusChanged(threadId: string, status: ThreadStatus): void {
    if (status !== 'setting_up') this.granted.delete(threadId);
    this.schedulePump();
  }

  private holds(thread: SlotThread): boolean {
    return isRunningStatus(thread.status) || (thread.status === 'setting_up' && this.granted.has(thread.id));
  }

  /** After the current event has been handled: a grant emits events of its own, never inside another thread's emit. */
  private schedulePump(): void {
    if (this.pumpDue) return;
    this.pumpDue = true;
    queueMicrotask(() => {
      this.pumpDue = false;
      this.pump();
    });
  }

  private pump(): void {
    let running = this.running();
    while (this.queue.length > 0 && running < this.max) {
      const next = this.queue.shift() as Waiter;
      this.granted.add(next.thread.id);
      // Clears the wait on the card before the thread's own work goes on.
      if (next.thread.status === 'setting_up') next.thread.worktree.setupProgress('Waiting to create its worktree…');
      next.grant();
      running += 1;
    }
    for (const { thread } of this.queue) thread.worktree.waitForSlot({ running, max: this.max });
  }
}
