import { describe, expect, it } from 'vitest';
import { fakeThread } from './test-support/fake-context';
import { formatElapsed, formatTokens, progressLines, statusLine, summaryLines } from './format';

describe('format', () => {
  it('formats elapsed time and token counts compactly', () => {
    expect([formatElapsed(0), formatElapsed(61_500), formatElapsed(3_725_000)]).toEqual(['0:00', '1:01', '1:02:05']);
    expect([formatTokens(999), formatTokens(1_234), formatTokens(45_600), formatTokens(2_500_000)]).toEqual(['999', '1.2k', '46k', '2.5M']);
  });

  it('aligns the summary columns across agents', () => {
    const lines = summaryLines([
      fakeThread({ id: 'a', agentIndex: 1, branch: 'flotilla/x-1', status: 'done', diffStat: { files: 3, additions: 120, deletions: 4 } }),
      fakeThread({ id: 'b', agentIndex: 2, branch: 'flotilla/longer-2', status: 'failed', diffStat: null }),
      fakeThread({ id: 'c', agentIndex: 3, branch: 'flotilla/y-3', status: 'interrupted', diffStat: { files: 12, additions: 7, deletions: 0 } }),
    ]);
    expect(lines).toEqual([
      'flotilla/x-1       done          3 files  +120 -4',
      'flotilla/longer-2  failed        0 files    +0 -0',
      'flotilla/y-3       interrupted  12 files    +7 -0',
    ]);
  });

  it('shows one progress line per agent within the terminal width', () => {
    const threads = [
      fakeThread({ id: 'a', agentIndex: 1, status: 'working', activity: 'Running npm test '.repeat(10), createdAt: 0 }),
      fakeThread({ id: 'b', agentIndex: 2, status: 'done', createdAt: 0, finishedAt: 5_000, usage: { inputTokens: 1500, cachedInputTokens: 0, outputTokens: 500, reasoningTokens: 0 } }),
    ];
    const lines = progressLines(threads, 65_000, 80);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(79);
    expect(lines[0]).toMatch(/^#1  flotilla\/task-a  working\s+Running npm test .*…\s+1:05\s+0 tok$/);
    expect(lines[1]).toMatch(/^#2  flotilla\/task-b  done\s+0:05\s+2.0k tok$/);
  });

  it('writes a status line with the error when there is one', () => {
    const thread = fakeThread({ id: 'a', agentIndex: 1, status: 'failed', error: 'Model unreachable', createdAt: 0, finishedAt: 2_000 });
    expect(statusLine(thread, 9_000)).toBe('[0:02] agent 1 (flotilla/task-a) failed: Model unreachable');
  });
});
