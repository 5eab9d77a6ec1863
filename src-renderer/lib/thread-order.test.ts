import { describe, expect, it } from 'vitest';
import { summary } from '../test-support/fixtures';
import { orderThreads, stepThread, taskOrder } from './thread-order';

const byId = {
  a1: summary({ id: 'a1', taskId: 'A', agentIndex: 1, prompt: 'Write docs', status: 'done' }),
  a2: summary({ id: 'a2', taskId: 'A', agentIndex: 2, prompt: 'Write docs', status: 'waiting' }),
  b1: summary({ id: 'b1', taskId: 'B', agentIndex: 1, prompt: 'Add tests', status: 'working' }),
  b2: summary({ id: 'b2', taskId: 'B', agentIndex: 2, prompt: 'Add tests', status: 'failed' }),
};
const order = taskOrder([{ threadIds: ['b1', 'b2'] }, { threadIds: ['a1', 'a2'] }]);

describe('thread order', () => {
  it('keeps the dashboard order when newest, and sorts by status or name', () => {
    expect(orderThreads(order, byId, { sort: 'newest', filter: 'all' })).toEqual(['b1', 'b2', 'a1', 'a2']);
    expect(orderThreads(order, byId, { sort: 'status', filter: 'all' })).toEqual(['b1', 'a2', 'a1', 'b2']);
    expect(orderThreads(order, byId, { sort: 'title', filter: 'all' })).toEqual(['b1', 'b2', 'a1', 'a2']);
  });

  it('puts what needs the user first: unread, then waiting, then failed', () => {
    expect(orderThreads(order, byId, { sort: 'attention', filter: 'all' })).toEqual(['a2', 'b2', 'b1', 'a1']);
    expect(orderThreads(order, byId, { sort: 'attention', filter: 'all', unread: new Set(['a1']) })).toEqual(['a1', 'a2', 'b2', 'b1']);
  });

  it('filters by status, running meaning starting or working', () => {
    expect(orderThreads(order, byId, { sort: 'newest', filter: 'running' })).toEqual(['b1']);
    expect(orderThreads(order, byId, { sort: 'newest', filter: 'done' })).toEqual(['a1']);
  });

  it('steps through the order, wrapping, from nowhere to an end', () => {
    expect(stepThread(order, 'b2', 1)).toBe('a1');
    expect(stepThread(order, 'a2', 1)).toBe('b1');
    expect(stepThread(order, 'b1', -1)).toBe('a2');
    expect(stepThread(order, null, 1)).toBe('b1');
    expect(stepThread(order, null, -1)).toBe('a2');
    expect(stepThread([], null, 1)).toBeNull();
  });
});
