import { describe, expect, it } from 'vitest';
import type { ThreadStatus } from '../../src-shared/domain/thread';
import { choiceFromResponse, closeActions, closePrompt, countRunning, finishedNotice } from './close-policy';

const threads = (...statuses: ThreadStatus[]) => statuses.map((status) => ({ status }));

describe('close policy', () => {
  it('counts every thread that still has a worker as running', () => {
    expect(countRunning(threads('starting', 'working', 'waiting', 'paused'))).toBe(4);
    expect(countRunning(threads('done', 'failed', 'interrupted'))).toBe(0);
  });

  it('asks with four answers, Cancel being the default and what Escape picks', () => {
    const prompt = closePrompt(3);
    expect(prompt.message).toBe('3 agents are still working.');
    expect(prompt.buttons).toEqual(['Pause them and quit', 'Keep running in the background', 'Stop them and quit', 'Cancel']);
    expect(prompt.defaultId).toBe(3);
    expect(prompt.cancelId).toBe(3);
    expect(prompt.detail).toContain('resume with one click');
    expect(closePrompt(1).message).toBe('1 agent is still working.');
  });

  it('maps dialog answers to choices, anything unknown to Cancel', () => {
    expect([0, 1, 2, 3, 4, -1].map(choiceFromResponse)).toEqual(['pause', 'background', 'stop', 'cancel', 'cancel', 'cancel']);
  });

  it('turns each answer into actions', () => {
    expect(closeActions(2, 'pause')).toEqual([{ type: 'pauseAll' }, { type: 'quit' }]);
    expect(closeActions(2, 'background')).toEqual([{ type: 'closeWindow' }, { type: 'quitWhenIdle' }]);
    expect(closeActions(2, 'stop')).toEqual([{ type: 'interruptAll' }, { type: 'quit' }]);
    expect(closeActions(2, 'cancel')).toEqual([]);
    // The box for remote hosts' agents goes with any answer but Cancel.
    expect(closeActions(2, 'stop', true)).toEqual([{ type: 'pauseRemote' }, { type: 'interruptAll' }, { type: 'quit' }]);
    expect(closeActions(2, 'cancel', true)).toEqual([]);
  });

  it('quits without asking when nothing runs', () => {
    expect(closeActions(0, null)).toEqual([{ type: 'quit' }]);
  });

  it('names the finished agents in the notification', () => {
    expect(finishedNotice(2).title).toBe('Flotilla finished 2 agents');
    expect(finishedNotice(1).title).toBe('Flotilla finished 1 agent');
  });
});
