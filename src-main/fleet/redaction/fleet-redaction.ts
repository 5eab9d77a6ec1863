/**
 * The fleet's two walls against leaked keys: every thread event is redacted before it is logged
 * (ThreadHost.record), and every message to a client is redacted again as it leaves the fleet
 * (command results and event batches), in case something reached a client by another path.
 */
import type { ClientEvent, Result } from '../../../src-shared/protocol/api';
import type { ThreadEventMsg } from '../../../src-shared/protocol/thread-events';
import { FleetSecrets, type SecretSources } from './fleet-secrets';
import { ThreadRedactor } from './thread-redactor';

export interface FleetRedaction {
  /** A thread event's message as it may be logged and published; streams hold back a possible secret's start. */
  threadMsg(threadId: string, msg: ThreadEventMsg): ThreadEventMsg;
  /** A command's result as it may leave the fleet; the secrets are re-read after a Settings change. */
  result<T>(command: string, result: Result<T>): Promise<Result<T>>;
  /** A batch as it may leave the fleet; redacted once however many clients listen. */
  event(event: ClientEvent): ClientEvent;
  /** Terminal output as it may leave the fleet (a secret split across two chunks is not caught). */
  text(text: string): string;
}

export async function createFleetRedaction(sources: SecretSources): Promise<FleetRedaction> {
  const secrets = new FleetSecrets(sources);
  await secrets.refresh();
  const threads = new ThreadRedactor(() => secrets.current);
  const sent = new WeakMap<ClientEvent, ClientEvent>();
  return {
    threadMsg: (threadId, msg) => threads.redact(threadId, msg),
    async result(command, result) {
      // A saved key (settings.setApiKey) or a provider naming another variable changes the list.
      if (command.startsWith('settings.') && result.ok) await secrets.refresh();
      return secrets.current.redactDeep(result);
    },
    text: (text) => secrets.current.redact(text),
    event(event) {
      const known = sent.get(event);
      if (known) return known;
      const redacted = secrets.current.redactDeep(event);
      sent.set(event, redacted);
      return redacted;
    },
  };
}
