import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentEventMsg } from '../../../src-shared/protocol/agent';
import { CommandTranscript, TRANSCRIPT_OUTPUT_CHARS } from './exec-transcript';

function makeTranscript() {
  const events: AgentEventMsg[] = [];
  const ctx = { turnId: 't', callId: 'c', worktreePath: '/', signal: new AbortController().signal, emit: (msg: AgentEventMsg) => events.push(msg) };
  const item = { type: 'command' as const, id: 'c', command: 'x', cwd: '/', output: '', exitCode: null, durationMs: null, sessionId: null, status: 'in_progress' as const };
  return { events, transcript: new CommandTranscript(ctx, item) };
}

const deltaTexts = (events: AgentEventMsg[]) => events.flatMap((event) => (event.type === 'item_delta' ? [event.delta] : []));

describe('CommandTranscript', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('coalesces small chunks into one delta per interval', () => {
    const { events, transcript } = makeTranscript();
    for (let i = 0; i < 100; i++) transcript.push(`${i}\n`);
    expect(deltaTexts(events)).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(deltaTexts(events)).toHaveLength(1);
    transcript.push('more\n');
    transcript.complete({ status: 'completed', exitCode: 0 });
    expect(deltaTexts(events)).toHaveLength(2);
    expect(deltaTexts(events).join('')).toBe(`${Array.from({ length: 100 }, (_, i) => `${i}\n`).join('')}more\n`);
    expect(events[events.length - 1]).toMatchObject({ type: 'item_completed', item: { status: 'completed', exitCode: 0 } });
  });

  it('sends at once when 64 KiB piled up', () => {
    const { events, transcript } = makeTranscript();
    transcript.push('x'.repeat(64 * 1024));
    expect(deltaTexts(events)).toHaveLength(1);
  });

  it('stops streaming past the transcript cap, with a note', () => {
    const { events, transcript } = makeTranscript();
    for (let i = 0; i < 40; i++) transcript.push('y'.repeat(64 * 1024));
    transcript.complete({ status: 'completed' });
    const streamed = deltaTexts(events).join('');
    expect(streamed).toContain('further output is not streamed');
    expect(streamed.length).toBeLessThan(TRANSCRIPT_OUTPUT_CHARS + 1024);
  });
});
