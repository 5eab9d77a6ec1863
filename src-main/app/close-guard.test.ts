// The close guard's whole flow with a stand-in fleet (its thread list is set by the test) and
// recorded effects; the electron side is only close-dialog.ts, which this does not load.
import { describe, expect, it } from 'vitest';
import { ok, type ClientEvent } from '../../src-shared/protocol/api';
import type { ThreadStatus } from '../../src-shared/domain/thread';
import { waitFor } from '../server/test-support/ws-test-client';
import { createCloseGuard, type CloseGuardOptions } from './close-guard';
import type { ClosePrompt } from './close-policy';

function setup(statuses: ThreadStatus[], response: number, remote: ThreadStatus[] = [], checkboxChecked = false) {
  const threads = [
    ...statuses.map((status, i) => ({ id: `t${i + 1}`, status })),
    ...remote.map((status, i) => ({ id: `r${i + 1}@far`, status, host: 'far' })),
  ];
  const calls: { command: string; params: unknown }[] = [];
  const listeners = new Set<(event: ClientEvent) => void>();
  const effects: string[] = [];
  const prompts: ClosePrompt[] = [];
  const fleet: CloseGuardOptions['fleet'] = {
    // The stand-in's summaries carry only what the guard reads.
    call: async (command, params) => {
      calls.push({ command, params });
      return ok(command === 'threads.list' ? threads.map((t) => ({ ...t })) : {}) as never;
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const guard = createCloseGuard({
    fleet,
    ask: async (prompt) => {
      prompts.push(prompt);
      effects.push('ask');
      return { response, checkboxChecked };
    },
    closeWindow: () => {
      effects.push('closeWindow');
      // As Electron does: close() emits 'close' again, which must now pass.
      const event = { prevented: false, preventDefault: () => (event.prevented = true) };
      guard.windowClosing(event);
      if (!event.prevented) effects.push('closed');
    },
    quit: () => effects.push('quit'),
    notify: ({ title }) => effects.push(`notify: ${title}`),
  });
  const finishAll = () => {
    for (const thread of threads) thread.status = 'done';
    for (const listener of listeners) listener({ threads: [] } as unknown as ClientEvent);
  };
  const commands = () => calls.map((c) => c.command).filter((c) => c !== 'threads.list');
  return { guard, calls, effects, prompts, listeners, finishAll, commands };
}

const closeEvent = () => {
  const event = { prevented: false, preventDefault: () => (event.prevented = true) };
  return event;
};

describe('close guard', () => {
  it('quits without asking when no thread is running', async () => {
    const { guard, effects, prompts } = setup(['done', 'failed'], 3);
    const event = closeEvent();
    guard.windowClosing(event);
    expect(event.prevented).toBe(true);
    await waitFor(() => effects.includes('quit'), 5_000, 'quit');
    expect(prompts).toEqual([]);
    // The quit that follows passes without asking again.
    expect(guard.allowQuit(closeEvent())).toBe(true);
  });

  it('"Stop them and quit" interrupts every running thread, then quits', async () => {
    const { guard, effects, prompts, calls, commands } = setup(['working', 'waiting', 'done'], 2);
    const event = closeEvent();
    expect(guard.allowQuit(event)).toBe(false);
    expect(event.prevented).toBe(true);
    await waitFor(() => effects.includes('quit'), 5_000, 'quit');
    expect(prompts[0]?.message).toBe('2 agents are still working.');
    expect(commands()).toEqual(['thread.interrupt', 'thread.interrupt']);
    expect(calls.filter((c) => c.command === 'thread.interrupt').map((c) => c.params)).toEqual([{ threadId: 't1' }, { threadId: 't2' }]);
    expect(guard.allowQuit(closeEvent())).toBe(true);
  });

  it('leaves agents on remote hosts running: only this machine\'s are asked about and stopped, the hosts\' are named', async () => {
    const { guard, effects, prompts, calls } = setup(['working'], 2, ['working', 'waiting']);
    guard.allowQuit(closeEvent());
    await waitFor(() => effects.includes('quit'), 5_000, 'quit');
    expect(prompts[0]?.message).toBe('1 agent is still working.');
    expect(prompts[0]?.detail).toContain('The 2 agents on remote hosts keep working there, unless you tick the box to pause them too.');
    expect(prompts[0]).toMatchObject({ checkboxLabel: 'Also pause the 2 agents on remote hosts', checkboxChecked: false });
    expect(calls.filter((c) => c.command === 'thread.interrupt').map((c) => c.params)).toEqual([{ threadId: 't1' }]);
    expect(calls.some((c) => c.command === 'thread.pause')).toBe(false);
  });

  it('pauses the remote hosts\' agents too when the box is ticked, by their host-named ids', async () => {
    const { guard, effects, calls, commands } = setup(['working'], 0, ['working', 'paused', 'waiting'], true);
    guard.allowQuit(closeEvent());
    await waitFor(() => effects.includes('quit'), 5_000, 'quit');
    expect(calls.filter((c) => c.command === 'thread.pause').map((c) => c.params)).toEqual([{ threadId: 'r1@far' }, { threadId: 'r3@far' }]);
    expect(commands()).toEqual(['thread.pause', 'thread.pause', 'threads.pauseAll']);
  });

  it('a ticked box with Cancel pauses nothing', async () => {
    const { guard, effects, commands } = setup(['working'], 3, ['working'], true);
    guard.allowQuit(closeEvent());
    await waitFor(() => effects.includes('ask'), 5_000, 'the question');
    await new Promise((resolve) => setImmediate(resolve));
    expect(commands()).toEqual([]);
    expect(effects).toEqual(['ask']);
  });

  it('quits without asking when only remote hosts\' agents run', async () => {
    const { guard, effects, prompts, commands } = setup(['done'], 2, ['working']);
    guard.windowClosing(closeEvent());
    await waitFor(() => effects.includes('quit'), 5_000, 'quit');
    expect(prompts).toEqual([]);
    expect(commands()).toEqual([]);
  });

  it('"Pause them and quit" pauses all, then quits', async () => {
    const { guard, effects, commands } = setup(['working'], 0);
    guard.windowClosing(closeEvent());
    await waitFor(() => effects.includes('quit'), 5_000, 'quit');
    expect(commands()).toEqual(['threads.pauseAll']);
    expect(effects).toEqual(['ask', 'quit']);
  });

  it('"Cancel" changes nothing, and the next close asks again', async () => {
    const { guard, effects, commands, prompts } = setup(['starting', 'paused'], 3);
    guard.windowClosing(closeEvent());
    await waitFor(() => prompts.length === 1, 5_000, 'the question');
    await new Promise((resolve) => setImmediate(resolve));
    expect(effects).toEqual(['ask']);
    expect(commands()).toEqual([]);
    expect(guard.inBackground).toBe(false);
    guard.windowClosing(closeEvent());
    await waitFor(() => prompts.length === 2, 5_000, 'the question again');
  });

  it('asks once when the window closes and the app quits at the same time', async () => {
    const { guard, prompts, effects } = setup(['working'], 2);
    guard.windowClosing(closeEvent());
    expect(guard.allowQuit(closeEvent())).toBe(false);
    await waitFor(() => effects.includes('quit'), 5_000, 'quit');
    expect(prompts).toHaveLength(1);
  });

  it('"Keep running in the background" closes the window, then quits and notifies when all are done', async () => {
    const { guard, effects, commands, finishAll, listeners } = setup(['working', 'working'], 1);
    guard.windowClosing(closeEvent());
    await waitFor(() => effects.includes('closed'), 5_000, 'the window to close');
    expect(guard.inBackground).toBe(true);
    await waitFor(() => listeners.size === 1, 5_000, 'the guard to watch the fleet');
    expect(effects).not.toContain('quit');
    finishAll();
    await waitFor(() => effects.includes('quit'), 5_000, 'quit once idle');
    expect(effects).toEqual(['ask', 'closeWindow', 'closed', 'notify: Flotilla finished 2 agents', 'quit']);
    expect(commands()).toEqual([]);
    expect(listeners.size).toBe(0);
  });

  it('stops watching when the window reopens over background agents', async () => {
    const { guard, effects, finishAll, listeners } = setup(['working'], 1);
    guard.windowClosing(closeEvent());
    await waitFor(() => listeners.size === 1, 5_000, 'the guard to watch the fleet');
    guard.windowOpened();
    expect(guard.inBackground).toBe(false);
    expect(listeners.size).toBe(0);
    finishAll();
    await new Promise((resolve) => setImmediate(resolve));
    expect(effects).not.toContain('quit');
  });
});
