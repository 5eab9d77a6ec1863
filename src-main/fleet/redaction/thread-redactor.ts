/**
 * Redacts a thread's events before they are logged and published (ThreadHost.record calls it).
 * Streams need care: a key printed by a command can arrive split across two `item_delta` chunks,
 * and each half alone matches nothing. So each item's stream holds back a tail that could be the
 * start of a secret and sends it with the next chunk, redacted if the secret completes there.
 * When the item completes, the tail is dropped: the completed item carries the whole (redacted)
 * text, and clients replace the streamed preview with it.
 */
import type { ThreadEventMsg } from '../../../src-shared/protocol/thread-events';
import type { SecretSet } from './secret-set';

type Held = Map<string, string>;

export class ThreadRedactor {
  /** Per thread: the held-back tail of each open stream, by item id and stream. */
  private readonly held = new Map<string, Held>();

  constructor(private readonly secrets: () => SecretSet) {}

  redact(threadId: string, msg: ThreadEventMsg): ThreadEventMsg {
    const secrets = this.secrets();
    switch (msg.type) {
      case 'item_delta':
        return { ...msg, delta: this.passDelta(secrets, threadId, `${msg.itemId}\u0000${msg.stream}`, msg.delta) };
      case 'item_completed':
        this.dropItem(threadId, msg.item.id);
        return secrets.redactDeep(msg);
      case 'turn_completed':
      case 'turn_aborted':
      case 'worker_exited':
        // Items of an ended turn or a dead worker never complete: nothing is left to hold.
        this.held.delete(threadId);
        return secrets.redactDeep(msg);
      default:
        return secrets.redactDeep(msg);
    }
  }

  /** What of `delta` can go out now; the rest waits for the stream's next chunk. */
  private passDelta(secrets: SecretSet, threadId: string, stream: string, delta: string): string {
    const streams = this.held.get(threadId) ?? new Map<string, string>();
    const text = secrets.redact((streams.get(stream) ?? '') + delta);
    const hold = secrets.heldTailLength(text);
    if (hold > 0) streams.set(stream, text.slice(text.length - hold));
    else streams.delete(stream);
    if (streams.size > 0) this.held.set(threadId, streams);
    else this.held.delete(threadId);
    return text.slice(0, text.length - hold);
  }

  private dropItem(threadId: string, itemId: string): void {
    const streams = this.held.get(threadId);
    if (!streams) return;
    for (const key of [...streams.keys()]) if (key.startsWith(`${itemId}\u0000`)) streams.delete(key);
    if (streams.size === 0) this.held.delete(threadId);
  }
}
