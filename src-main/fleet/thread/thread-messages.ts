/**
 * How a user message reaches a thread's agent: a new turn (queued messages first), a steer into
 * the running turn, or held in the queue for the next one; and the queue itself, whose messages
 * can be edited or dropped until they are delivered.
 */
import { fail, ok, type Result } from '../../../src-shared/protocol/api';
import type { ThreadJournal } from './thread-journal';
import type { ThreadWorker } from './thread-worker';

type Empty = Record<string, never>;

export class ThreadMessages {
  constructor(
    private readonly journal: ThreadJournal,
    private readonly worker: ThreadWorker,
  ) {}

  /** Into the running turn when `running`, else as a new turn. */
  send(text: string, mode: 'steer' | 'queue', messageId: string, running: boolean): void {
    if (!running) {
      this.startTurn(text, messageId);
    } else if (mode === 'steer') {
      this.journal.emit({ type: 'user_message', text, delivery: 'steer', messageId });
      this.worker.send({ type: 'steer', text, messageId });
    } else {
      this.journal.emit({ type: 'user_message', text, delivery: 'queue', messageId });
      this.journal.emit({ type: 'message_state', messageId, state: 'queued', text });
    }
  }

  /** Queued messages go out first, each as its own user message of the new turn. */
  startTurn(text: string, messageId: string): void {
    const held = this.takeQueue();
    this.journal.emit({ type: 'user_message', text, delivery: 'new_turn', messageId });
    this.worker.deliver({ type: 'user_input', text, messageId, held }, this.journal.live);
  }

  get hasQueued(): boolean {
    return this.journal.live.queue.length > 0;
  }

  /** Sends the queued messages as a new turn, the last one as its input. */
  deliverQueued(): void {
    const held = this.takeQueue();
    const last = held.pop();
    if (!last) return;
    this.journal.emit({ type: 'status_changed', status: 'working', activity: 'Sending queued message…', error: null });
    this.worker.deliver({ type: 'user_input', text: last.text, messageId: last.messageId, held }, this.journal.live);
  }

  edit(messageId: string, text: string): Result<Empty> {
    if (!this.journal.live.queue.some((m) => m.id === messageId)) return this.notQueued(messageId);
    this.journal.emit({ type: 'message_state', messageId, state: 'edited', text });
    return ok({});
  }

  remove(messageId: string): Result<Empty> {
    const message = this.journal.live.queue.find((m) => m.id === messageId);
    if (!message) return this.notQueued(messageId);
    this.journal.emit({ type: 'message_state', messageId, state: 'dropped', text: message.text });
    return ok({});
  }

  /** Marks every queued message delivered and returns them, oldest first. */
  private takeQueue(): { messageId: string; text: string }[] {
    const queue = this.journal.live.queue;
    for (const m of queue) this.journal.emit({ type: 'message_state', messageId: m.id, state: 'delivered', text: m.text });
    return queue.map((m) => ({ messageId: m.id, text: m.text }));
  }

  private notQueued(messageId: string): Result<Empty> {
    return fail('not_found', `Message ${messageId} is not queued in thread ${this.journal.live.id}: it was delivered or dropped already.`);
  }
}
