import { describe, expect, it } from 'vitest';
import { THREAD_STATUSES, type ThreadStatus } from '../../src-shared/domain/thread';
import { summary } from '../test-support/fixtures';
import { bulkControlCounts, canInterrupt, canPause, canResume } from './control-rules';

describe('control rules', () => {
  it('offers pause while running and resume once paused, interrupted or failed', () => {
    const offered = THREAD_STATUSES.map((s) => [s, canPause(s), canResume(s), canInterrupt(s)]);
    expect(offered).toEqual([
      // Interrupting a thread still setting up cancels the making of its worktree.
      ['setting_up', false, false, true],
      ['starting', true, false, true],
      ['working', true, false, true],
      ['waiting', true, false, true],
      ['paused', false, true, true],
      ['done', false, false, false],
      ['failed', false, true, false],
      ['interrupted', false, true, false],
    ]);
  });

  it('counts what Pause all and Resume all would touch', () => {
    const statuses: ThreadStatus[] = ['working', 'paused', 'done', 'starting', 'paused'];
    const threads = statuses.map((status, i) => summary({ id: `t${i}`, status }));
    expect(bulkControlCounts(threads)).toEqual({ pausable: 2, paused: 2 });
  });
});
