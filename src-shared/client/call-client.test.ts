// The shared client over a value transport (the Electron bridge's shape): version first, then
// results and events through the same schemas as the WebSocket's.
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../protocol/wire';
import { CallClient, type CallTransport } from './call-client';

function setup(hello: unknown, answer: (command: string) => unknown = () => ({ ok: true, value: [] })) {
  const calls: string[] = [];
  let push: (raw: unknown) => void = () => undefined;
  const transport: CallTransport = {
    hello: async () => hello,
    call: async (command) => (calls.push(command), answer(command)),
    onEvent: (listener) => {
      push = listener;
      return () => undefined;
    },
  };
  const warnings: string[] = [];
  const client = new CallClient(transport, {
    identity: { name: 'This window', upgradeSelf: 'rebuild', upgradeOther: 'rebuild' },
    warn: (message) => warnings.push(message),
  });
  return { client, calls, warnings, push: (raw: unknown) => push(raw) };
}

const hello = { kind: 'hello', protocolVersion: PROTOCOL_VERSION, appVersion: '1.0.0' };

describe('CallClient', () => {
  it('checks the version, then validates results and events', async () => {
    const { client, calls, warnings, push } = setup(hello, (command) => (command === 'app.info' ? { ok: true, value: { version: 1 } } : { ok: true, value: [] }));
    const states: boolean[] = [];
    client.onConnectionChange((connected) => states.push(connected));
    await expect(client.call('threads.list', {})).resolves.toEqual({ ok: true, value: [] });
    await expect(client.call('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(calls).toEqual(['threads.list', 'app.info']);
    expect(states).toEqual([true]);
    const events: unknown[] = [];
    client.onEvent((event) => events.push(event));
    push({ type: 'batch', events: [], threads: [] });
    push({ type: 'nope' });
    expect(events).toEqual([{ type: 'batch', events: [], threads: [] }]);
    expect(warnings).toEqual([expect.stringContaining('malformed result'), expect.stringContaining('malformed event')]);
  });

  it('refuses another protocol version before any call, and tells listeners why', async () => {
    const { client, calls } = setup({ ...hello, protocolVersion: PROTOCOL_VERSION + 1 });
    const states: Array<[boolean, string | undefined]> = [];
    client.onConnectionChange((connected, refusal) => states.push([connected, refusal?.message]));
    await expect(client.call('threads.list', {})).rejects.toThrow(/speaks protocol \d+, which is newer\. To fix it, rebuild\./);
    await expect(client.ready()).rejects.toThrow(/newer/);
    expect(calls).toEqual([]);
    expect(states).toEqual([[false, expect.stringContaining('To fix it, rebuild.')]]);
  });
});
