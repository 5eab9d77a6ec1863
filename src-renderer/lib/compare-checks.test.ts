import { describe, expect, it } from 'vitest';
import type { TranscriptItem } from '../../src-shared/protocol/items';
import { checksLabel, checksOf } from './compare-checks';

function command(cmd: string, exitCode: number | null): TranscriptItem {
  return { type: 'command', id: cmd, command: cmd, cwd: '/w', output: '', exitCode, durationMs: 1, sessionId: null, status: exitCode === null ? 'in_progress' : 'completed' };
}

describe('checks', () => {
  it('counts the commands the agent ran by how they ended, and names the last failure', () => {
    const items: TranscriptItem[] = [
      { type: 'assistant_message', id: 'm', text: 'Running the tests.' },
      command('npm test', 1),
      command('npm run lint', 2),
      command('npm test', 0),
      command('sleep 100', null),
    ];
    const checks = checksOf(items);
    expect(checks).toEqual({ run: 4, passed: 1, failed: 2, unfinished: 1, lastFailure: 'npm run lint → exit 2' });
    expect(checksLabel(checks)).toBe('2 of 4 failed, 1 unfinished');
  });

  it('says so when nothing ran, or everything passed', () => {
    expect(checksLabel(checksOf([]))).toBe('no commands run');
    expect(checksLabel(checksOf([command('ls', 0), command('git status', 0)]))).toBe('2 passed');
  });
});
