/**
 * A remote host as a FlotillaClient: the shared MessageClient over a transport that keeps the
 * SSH link up. A dropped link (the network, the remote's sshd) turns the host "reconnecting";
 * the transport tries again with backoff, and each new link starts with the server's hello, as a
 * reconnected WebSocket does. The remote fleet keeps working meanwhile; what the client missed
 * it asks for by sequence number (see event-follower.ts).
 */
import { MessageClient, type MessageLink, type MessageTransport } from '../../src-shared/client/message-client';
import type { ClientIdentity } from '../../src-shared/client/version';
import { openHostLink, type HostLink, type HostLinkOptions } from './host-link';

export type HostState =
  | { kind: 'connected' }
  | { kind: 'reconnecting'; attempt: number; lastError: string }
  | { kind: 'failed'; message: string }
  | { kind: 'closed' };

const BACKOFF_MS = [100, 250, 500, 1000, 2000, 5000];

const HOST_IDENTITY: ClientIdentity = {
  name: 'This Flotilla',
  upgradeSelf: 'upgrade this Flotilla to the remote\'s version',
  upgradeOther: 'connect again: Flotilla installs its own version on the remote',
};

export class HostTransport implements MessageTransport {
  private link: MessageLink | null = null;
  private state: HostState = { kind: 'connected' };
  private readonly stateListeners = new Set<(state: HostState) => void>();
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private current: HostLink | null,
    private readonly options: HostLinkOptions,
  ) {}

  get hostState(): HostState {
    return this.state;
  }

  get server(): HostLink['server'] | null {
    return this.current?.server ?? null;
  }

  /** The sshd's side of the current connection is the test's to cut; this is for reading only. */
  get ssh(): HostLink['ssh'] | null {
    return this.current?.ssh ?? null;
  }

  onStateChange(listener: (state: HostState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  start(link: MessageLink): void {
    this.link = link;
    if (this.current) this.attach(this.current);
  }

  send(text: string): void {
    this.current?.socket.send(text);
  }

  close(): void {
    this.setState({ kind: 'closed' });
    if (this.retry) clearTimeout(this.retry);
    this.current?.close();
    this.current = null;
  }

  private attach(link: HostLink): void {
    this.current = link;
    link.socket.on('error', () => undefined);
    link.ssh.on('error', () => undefined);
    // A dead SSH link ends the channel, which closes the socket; either way, once.
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      link.close();
      if (this.current === link) this.current = null;
      this.link?.closed();
      if (this.state.kind === 'closed') return;
      this.setState({ kind: 'reconnecting', attempt: 0, lastError: 'the connection dropped' });
      this.scheduleRetry(0);
    };
    link.socket.once('close', drop);
    link.ssh.once('close', drop);
    this.link?.opened();
    link.onMessage((text) => this.link?.received(text));
    this.setState({ kind: 'connected' });
  }

  private scheduleRetry(attempt: number): void {
    const wait = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!;
    this.retry = setTimeout(() => void this.reconnect(attempt), wait);
  }

  private async reconnect(attempt: number): Promise<void> {
    if (this.state.kind === 'closed') return;
    const next = await openHostLink(this.options);
    // Closed while the attempt ran (the field's type does not know that await lets it change).
    if ((this.state as HostState).kind === 'closed') {
      if (next.ok) next.link.close();
      return;
    }
    if (next.ok) return this.attach(next.link);
    if (next.permanent) return this.setState({ kind: 'failed', message: next.message });
    this.setState({ kind: 'reconnecting', attempt: attempt + 1, lastError: next.message });
    this.scheduleRetry(attempt + 1);
  }

  private setState(state: HostState): void {
    this.state = state;
    for (const listener of [...this.stateListeners]) listener(state);
  }
}

export interface HostConnection {
  client: MessageClient;
  transport: HostTransport;
  close(): void;
}

export type HostConnected = { ok: true; connection: HostConnection } | { ok: false; message: string };

/** The first link is made here, so a host that cannot be reached is an answer, not a retry loop. */
export async function connectHost(options: HostLinkOptions): Promise<HostConnected> {
  const first = await openHostLink(options);
  if (!first.ok) return first;
  // Accepted once is recorded: reconnects need no fingerprint.
  const transport = new HostTransport(first.link, { ...options, acceptFingerprint: undefined });
  const client = new MessageClient(transport, {
    identity: HOST_IDENTITY,
    warn: () => undefined,
    afterDrop: `Flotilla is reconnecting to host ${options.record.name}.`,
  });
  try {
    await client.ready();
  } catch (error) {
    client.dispose();
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  return { ok: true, connection: { client, transport, close: () => client.dispose() } };
}
