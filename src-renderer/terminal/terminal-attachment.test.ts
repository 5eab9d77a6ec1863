import { describe, expect, it } from 'vitest';
import type { CommandName, FlotillaClient, Result } from '../../src-shared/protocol/api';
import type { TerminalInfo, TerminalPush } from '../../src-shared/protocol/api-terminal';
import { TerminalAttachment } from './terminal-attachment';

const INFO: TerminalInfo = { terminalId: 't:agent', threadId: 't', kind: 'agent', title: 'Agent', sandboxed: true, userCommand: false, agentWaiting: false, exited: false };

/** A client whose attach answers when the test says, and whose pushes the test sends. */
function scriptedClient() {
  const calls: Array<{ command: CommandName; params: Record<string, unknown> }> = [];
  const pushes = new Set<(push: TerminalPush) => void>();
  const connection = new Set<(connected: boolean) => void>();
  let answerAttach: (screen: string) => void = () => undefined;
  const client: FlotillaClient = {
    call: (async (command: CommandName, params: Record<string, unknown>) => {
      calls.push({ command, params });
      if (command !== 'terminal.attach') return { ok: true, value: {} };
      return new Promise<Result<unknown>>((resolve) => {
        answerAttach = (screen) => resolve({ ok: true, value: { screen, info: INFO } });
      });
    }) as FlotillaClient['call'],
    onEvent: () => () => undefined,
    onTerminal: (listener) => {
      pushes.add(listener);
      return () => pushes.delete(listener);
    },
    onConnectionChange: (listener) => {
      connection.add(listener);
      return () => connection.delete(listener);
    },
  };
  const lastAttachId = () => calls.filter((c) => c.command === 'terminal.attach').at(-1)?.params.attachId as string;
  return {
    client,
    calls,
    connect: (up: boolean) => connection.forEach((listener) => listener(up)),
    answerAttach: (screen: string) => answerAttach(screen),
    push: (push: TerminalPush) => pushes.forEach((listener) => listener(push)),
    lastAttachId,
  };
}

function recordingSurface() {
  const drawn: string[] = [];
  return {
    drawn,
    resets: 0,
    reset() {
      this.resets += 1;
      drawn.length = 0;
    },
    write(data: string, done: () => void) {
      drawn.push(data);
      done();
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('a terminal view attached to the fleet', () => {
  it('draws the screen first, then data pushed before the answer, then the stream, acking in batches', async () => {
    const fake = scriptedClient();
    const surface = recordingSurface();
    const attachment = new TerminalAttachment(fake.client, 't:agent', surface, () => undefined, () => undefined);
    fake.connect(true);
    const attachId = fake.lastAttachId();
    fake.push({ type: 'data', attachId, data: 'early ' });
    fake.push({ type: 'data', attachId: 'someone-else', data: 'not mine' });
    fake.answerAttach('screen ');
    await flush();
    fake.push({ type: 'data', attachId, data: 'x'.repeat(6_000) });
    expect(surface.drawn.join('')).toBe(`screen early ${'x'.repeat(6_000)}`);
    const acks = fake.calls.filter((c) => c.command === 'terminal.ack').map((c) => c.params);
    expect(acks).toEqual([{ attachId, chars: 6_006 }]);
    attachment.dispose();
  });

  it('attaches again after a reconnect and redraws from the new screen', async () => {
    const fake = scriptedClient();
    const surface = recordingSurface();
    const attachment = new TerminalAttachment(fake.client, 't:agent', surface, () => undefined, () => undefined);
    fake.connect(true);
    const first = fake.lastAttachId();
    fake.answerAttach('one');
    await flush();
    fake.connect(false);
    fake.connect(true);
    const second = fake.lastAttachId();
    expect(second).not.toBe(first);
    fake.answerAttach('two');
    await flush();
    fake.push({ type: 'data', attachId: first, data: 'stale' });
    fake.push({ type: 'data', attachId: second, data: '!' });
    expect(surface.drawn.join('')).toBe('two!');
    expect(surface.resets).toBe(2);
    attachment.dispose();
    expect(fake.calls.at(-1)).toEqual({ command: 'terminal.detach', params: { attachId: second } });
  });

  it('redraws from a pushed screen (a remote host attached again) and acks only what came after it', async () => {
    const fake = scriptedClient();
    const surface = recordingSurface();
    // A surface that draws later, as xterm.js does: data written before the screen is drawn after it.
    const late: Array<() => void> = [];
    const write = surface.write.bind(surface);
    surface.write = (data, done) => write(data, () => late.push(done));
    const attachment = new TerminalAttachment(fake.client, 't:agent', surface, () => undefined, () => undefined);
    fake.connect(true);
    const attachId = fake.lastAttachId();
    fake.answerAttach('one');
    await flush();
    fake.push({ type: 'data', attachId, data: 'x'.repeat(4_000) });
    fake.push({ type: 'screen', attachId, screen: 'two' });
    for (const done of late.splice(0)) done();
    fake.push({ type: 'data', attachId, data: 'y'.repeat(4_000) });
    for (const done of late.splice(0)) done();
    expect(surface.drawn.join('')).toBe(`two${'y'.repeat(4_000)}`);
    expect(surface.resets).toBe(2);
    // 4,000 before the screen and 4,000 after would be one ack; after a fresh screen only the 4,000 count.
    expect(fake.calls.filter((c) => c.command === 'terminal.ack')).toEqual([]);
    fake.push({ type: 'data', attachId, data: 'z'.repeat(1_000) });
    for (const done of late.splice(0)) done();
    expect(fake.calls.filter((c) => c.command === 'terminal.ack').map((c) => c.params)).toEqual([{ attachId, chars: 5_000 }]);
    attachment.dispose();
  });
});
