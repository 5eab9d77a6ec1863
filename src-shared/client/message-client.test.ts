// The shared client over an in-memory transport: what it does with each message the other side
// may send, in any order. The same client over a real socket is tested in src-main/server/wire.test.ts.
import { describe, expect, it } from 'vitest';
import type { ClientEvent } from '../protocol/api';
import { PROTOCOL_VERSION } from '../protocol/wire';
import { MessageClient, type MessageLink, type MessageTransport } from './message-client';
import { VersionMismatchError } from './version';

class MemoryTransport implements MessageTransport {
  link: MessageLink | null = null;
  sent: Array<{ kind: string; id: number; command: string; params: unknown }> = [];
  closed = false;
  start(link: MessageLink): void {
    this.link = link;
  }
  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }
  close(): void {
    this.closed = true;
  }
  /** A new connection, greeted as the server does. */
  connect(protocolVersion: number = PROTOCOL_VERSION): void {
    this.link?.opened();
    this.receive({ kind: 'hello', protocolVersion, appVersion: '9.9.9' });
  }
  receive(message: unknown): void {
    this.link?.received(typeof message === 'string' ? message : JSON.stringify(message));
  }
  drop(): void {
    this.link?.closed();
  }
  lastId(): number {
    return this.sent[this.sent.length - 1]!.id;
  }
}

function setup() {
  const transport = new MemoryTransport();
  const warnings: string[] = [];
  const client = new MessageClient(transport, {
    identity: { name: 'This test', upgradeSelf: 'upgrade the test', upgradeOther: 'upgrade the server' },
    warn: (message) => warnings.push(message),
    afterDrop: 'It comes back by itself.',
  });
  const states: boolean[] = [];
  const refusals: string[] = [];
  client.onConnectionChange((connected, refusal) => {
    states.push(connected);
    if (refusal) refusals.push(refusal.message);
  });
  return { transport, client, warnings, states, refusals };
}

const summary = { ok: true, value: [] };
const batch: ClientEvent = { type: 'batch', events: [], threads: [] };

describe('MessageClient', () => {
  it('matches responses to requests by id, in any order, and checks each against its command', async () => {
    const { transport, client } = setup();
    transport.connect();
    const list = client.call('threads.list', {});
    const pick = client.call('repo.pick', {});
    const [first, second] = transport.sent;
    expect(first).toEqual({ kind: 'request', id: first!.id, command: 'threads.list', params: {} });
    transport.receive({ kind: 'response', id: second!.id, result: { ok: true, value: '/picked' } });
    transport.receive({ kind: 'response', id: first!.id, result: summary });
    await expect(list).resolves.toEqual({ ok: true, value: [] });
    await expect(pick).resolves.toEqual({ ok: true, value: '/picked' });
  });

  it('passes errors through as data, keeping a newer error code\'s message', async () => {
    const { transport, client } = setup();
    transport.connect();
    const open = client.call('repo.open', { path: '/x' });
    transport.receive({ kind: 'response', id: transport.lastId(), result: { ok: false, error: { code: 'from_the_future', message: 'Try later.' } } });
    await expect(open).resolves.toEqual({ ok: false, error: { code: 'internal', message: 'Try later.' } });
  });

  it('fails a call whose response breaks the schema, and drops garbage and malformed events with a warning', async () => {
    const { transport, client, warnings } = setup();
    const seen: ClientEvent[] = [];
    client.onEvent((event) => seen.push(event));
    transport.connect();
    const info = client.call('app.info', {});
    transport.receive('{ not json');
    transport.receive({ kind: 'event', event: { type: 'batch', events: [{ nope: 1 }], threads: [] } });
    transport.receive({ kind: 'response', id: transport.lastId(), result: 'yes' });
    await expect(info).resolves.toMatchObject({ ok: false, error: { code: 'internal', message: 'Flotilla sent a malformed response.' } });
    const wrongShape = client.call('app.info', {});
    transport.receive({ kind: 'response', id: transport.lastId(), result: { ok: true, value: { version: 1 } } });
    await expect(wrongShape).resolves.toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('API contract') } });
    transport.receive({ kind: 'event', event: batch });
    expect(seen).toEqual([batch]);
    expect(warnings).toEqual([
      expect.stringContaining('not JSON'),
      expect.stringContaining('malformed message'),
      expect.stringContaining('malformed message'),
      expect.stringContaining('malformed result for app.info'),
    ]);
  });

  it('ignores a response to an unknown id (with a warning) and still answers the real one', async () => {
    const { transport, client, warnings } = setup();
    transport.connect();
    const list = client.call('threads.list', {});
    transport.receive({ kind: 'response', id: 4242, result: summary });
    expect(warnings).toEqual([expect.stringContaining('unknown request 4242')]);
    transport.receive({ kind: 'response', id: transport.lastId(), result: summary });
    await expect(list).resolves.toEqual(summary);
    // Answered once: a second response with the same id is unknown too.
    transport.receive({ kind: 'response', id: transport.lastId(), result: summary });
    expect(warnings).toHaveLength(2);
  });

  it('refuses a server of another protocol version with a message saying what to do, and sends nothing', async () => {
    const { transport, client, states, refusals } = setup();
    const ready = client.ready();
    transport.connect(PROTOCOL_VERSION + 1);
    const expected = `This test speaks Flotilla protocol ${PROTOCOL_VERSION}, but the other side (Flotilla 9.9.9) speaks protocol ${PROTOCOL_VERSION + 1}, which is newer. To fix it, upgrade the test. Nothing was sent.`;
    await expect(ready).rejects.toThrow(expected);
    await expect(client.call('threads.list', {})).rejects.toBeInstanceOf(VersionMismatchError);
    await expect(client.call('threads.list', {})).rejects.toThrow(expected);
    expect(transport.sent).toEqual([]);
    expect(transport.closed).toBe(true);
    // Listeners hear the refusal, which will not come back by itself.
    expect(states).toEqual([false]);
    expect(refusals).toEqual([expected]);
  });

  it('says which side to upgrade when the server is older, or predates the hello', async () => {
    const older = setup();
    older.transport.connect(PROTOCOL_VERSION - 1);
    await expect(older.client.ready()).rejects.toThrow(/which is older\. To fix it, upgrade the server\./);

    const ancient = setup();
    ancient.transport.link?.opened();
    ancient.transport.receive({ kind: 'event', event: batch });
    await expect(ancient.client.ready()).rejects.toThrow(/predates protocol versions\)\. To fix it, upgrade the server\./);
    expect(ancient.transport.sent).toEqual([]);
  });

  it('sends nothing before the hello, fails calls in flight when the connection drops, and works again after a reconnect', async () => {
    const { transport, client, states } = setup();
    transport.link?.opened();
    await expect(client.call('threads.list', {})).rejects.toThrow('Not connected to Flotilla: "threads.list" was not sent.');
    expect(transport.sent).toEqual([]);
    transport.receive({ kind: 'hello', protocolVersion: PROTOCOL_VERSION, appVersion: '9.9.9' });
    const pending = [client.call('threads.list', {}), client.call('app.info', {})];
    transport.drop();
    await expect(pending[0]).rejects.toThrow('No answer to "threads.list": the connection was lost. It comes back by itself.');
    await expect(pending[1]).rejects.toThrow('No answer to "app.info": the connection was lost.');
    expect(states).toEqual([true, false]);

    transport.link?.opened();
    transport.drop();
    expect(states).toEqual([true, false]);
    transport.connect();
    expect(states).toEqual([true, false, true]);
    const list = client.call('threads.list', {});
    transport.receive({ kind: 'response', id: transport.lastId(), result: summary });
    await expect(list).resolves.toEqual(summary);
  });

  it('fails what is in flight and stops for good when disposed', async () => {
    const { transport, client } = setup();
    transport.connect();
    const pending = client.call('threads.list', {});
    client.dispose();
    await expect(pending).rejects.toThrow(/the client was closed/);
    expect(transport.closed).toBe(true);
    transport.connect();
    await expect(client.call('threads.list', {})).rejects.toThrow(/Not connected/);
  });
});
