import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../src-shared/protocol/api';
import { fakeClient } from '../test-support/fake-client';
import { discardThread, pickThread } from './merge-actions';

const yes = () => true;

describe('discardThread', () => {
  it('asks again and forces when the thread holds unmerged work', async () => {
    const questions: string[] = [];
    const { client, calls } = fakeClient({
      'thread.discard': (p) =>
        (p as { force?: boolean }).force ? ok({ keptRef: 'refs/flotilla/kept/t1' }) : fail('unmerged_work', 'Agent 1 has 2 unmerged commits.'),
    });
    const error = await discardThread(client, 't1', (q) => (questions.push(q), true));
    expect(error).toBeNull();
    expect(calls.map((c) => c.params)).toEqual([{ threadId: 't1' }, { threadId: 't1', force: true }]);
    expect(questions[1]).toContain('Agent 1 has 2 unmerged commits.');
  });

  it('stops when the user declines the forced discard, and passes other errors through', async () => {
    const { client, calls } = fakeClient({ 'thread.discard': () => fail('unmerged_work', 'unmerged') });
    let asked = 0;
    expect(await discardThread(client, 't1', () => ++asked === 1)).toBeNull();
    expect(calls).toHaveLength(1);
    const other = fakeClient({ 'thread.discard': () => fail('not_found', 'No such thread.') });
    expect(await discardThread(other.client, 't1', yes)).toEqual({ code: 'not_found', message: 'No such thread.' });
  });
});

describe('pickThread', () => {
  it('merges the winner with squash, then force-discards the others', async () => {
    const { client, calls } = fakeClient({
      'merge.run': () => ok({ merged: [{ threadId: 'a', commit: 'c1' }], stopped: null }),
      'thread.discard': (p) => ok({ keptRef: (p as { threadId: string }).threadId === 'b' ? 'refs/flotilla/kept/b' : null }),
    });
    const outcome = await pickThread(client, 'a', ['b', 'c']);
    expect(outcome.ok).toBe(true);
    expect(outcome.discarded).toEqual([
      { threadId: 'b', keptRef: 'refs/flotilla/kept/b' },
      { threadId: 'c', keptRef: null },
    ]);
    expect(calls).toEqual([
      { command: 'merge.run', params: { threadIds: ['a'], strategy: 'squash' } },
      { command: 'thread.discard', params: { threadId: 'b', force: true } },
      { command: 'thread.discard', params: { threadId: 'c', force: true } },
    ]);
  });

  it('discards nothing when the merge stopped on a conflict', async () => {
    const { client, calls } = fakeClient({
      'merge.run': () => ok({ merged: [], stopped: { threadId: 'a', conflicts: ['README.md'] } }),
    });
    const outcome = await pickThread(client, 'a', ['b']);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'merge_conflict' } });
    expect(outcome.ok ? '' : outcome.error.message).toContain('README.md');
    expect(calls).toHaveLength(1);
  });
});
