import { describe, expect, it } from 'vitest';
import type { TranscriptItem } from '../../src-shared/protocol/items';
import type { ThreadEvent, ThreadEventMsg } from '../../src-shared/protocol/thread-events';
import { TranscriptPrinter, visibleText } from './remote-transcript-printer';

function printerWithEvents(msgs: ThreadEventMsg[], plain = true): string {
  let out = '';
  const printer = new TranscriptPrinter((text) => (out += text), plain);
  msgs.forEach((msg, i) => printer.apply(event(i + 1, msg)));
  return out;
}

function event(seq: number, msg: ThreadEventMsg): ThreadEvent {
  return { threadId: 't1', seq, ts: seq, msg };
}

const turnId = 'turn1';
const command = (status: 'in_progress' | 'completed', output = '', exitCode: number | null = null): TranscriptItem => ({
  type: 'command',
  id: 'c1',
  command: 'ls',
  cwd: '/w',
  output,
  exitCode,
  durationMs: status === 'completed' ? 1200 : null,
  sessionId: null,
  status,
});

describe('TranscriptPrinter', () => {
  it('streams assistant text, then a command with its output and exit code', () => {
    const out = printerWithEvents([
      { type: 'status_changed', status: 'working', activity: 'Thinking…', error: null },
      { type: 'item_started', turnId, item: { type: 'user_message', id: 'u1', text: 'Add a note' } },
      { type: 'item_started', turnId, item: { type: 'assistant_message', id: 'a1', text: '' } },
      { type: 'item_delta', turnId, itemId: 'a1', stream: 'text', delta: 'Looking ' },
      { type: 'status_changed', status: 'working', activity: 'Writing…', error: null },
      { type: 'item_delta', turnId, itemId: 'a1', stream: 'text', delta: 'around.' },
      { type: 'item_completed', turnId, item: { type: 'assistant_message', id: 'a1', text: 'Looking around.' } },
      { type: 'item_started', turnId, item: command('in_progress') },
      { type: 'item_delta', turnId, itemId: 'c1', stream: 'output', delta: '\x1b[33mREADME\x1b[m.md\r' },
      { type: 'item_delta', turnId, itemId: 'c1', stream: 'output', delta: '\n' },
      { type: 'item_completed', turnId, item: command('completed', '\x1b[33mREADME\x1b[m.md\r\n', 0) },
      { type: 'status_changed', status: 'done', activity: 'Finished', error: null },
      { type: 'diff_stat', diffStat: { files: 1, additions: 5, deletions: 0 } },
    ]);
    expect(out).toBe(
      [
        '-- working: Thinking…',
        '> Add a note',
        'Looking around.',
        '$ ls',
        'README.md',
        '(exit 0, 1.2s)',
        '-- done: Finished',
        '-- 1 file changed, +5 -0',
        '',
      ].join('\n'),
    );
  });

  it('shows patches, plans, errors and aborted turns; skips empty reasoning', () => {
    const out = printerWithEvents([
      { type: 'item_started', turnId, item: { type: 'reasoning', id: 'r1', text: '' } },
      { type: 'item_completed', turnId, item: { type: 'reasoning', id: 'r1', text: '' } },
      {
        type: 'item_completed',
        turnId,
        item: {
          type: 'patch',
          id: 'p1',
          patch: '',
          changes: [{ path: 'a.md', kind: 'add', movePath: null, additions: 2, deletions: 0 }],
          error: null,
          status: 'completed',
        },
      },
      {
        type: 'item_completed',
        turnId,
        item: { type: 'plan', id: 'pl1', explanation: null, steps: [{ step: 'Write it', status: 'completed' }] },
      },
      { type: 'error', code: 'rate_limited', message: 'Slow down', willRetry: true },
      { type: 'turn_aborted', turnId, reason: 'interrupted' },
    ]);
    expect(out).toBe(['patch: add a.md (+2 -0)', 'plan:', '  [x] Write it', '! Slow down (retrying)', '! Turn interrupted.', ''].join('\n'));
  });

  it('ignores events it has already seen', () => {
    let out = '';
    const printer = new TranscriptPrinter((text) => (out += text));
    const started = event(1, { type: 'item_started', turnId, item: { type: 'user_message', id: 'u1', text: 'hi' } });
    printer.apply(started);
    printer.apply(started);
    expect(out).toBe('> hi\n');
    expect(printer.lastSeq).toBe(1);
  });

  it('keeps escape sequences for a terminal', () => {
    const out = printerWithEvents([{ type: 'item_completed', turnId, item: command('completed', '\x1b[1mbold\x1b[m\n', 0) }], false);
    expect(out).toContain('\x1b[1mbold\x1b[m');
  });
});

describe('visibleText', () => {
  it('drops colours and titles, turns CRLF into LF, and holds back what is unfinished', () => {
    expect(visibleText('\x1b]0;title\x07a\x1b[31mb\x1b[0m\r\n', true)).toBe('ab\n');
    expect(visibleText('ok\x1b[3', false)).toBe('ok');
    expect(visibleText('ok\r', false)).toBe('ok');
    expect(visibleText('ok\r', true)).toBe('ok\r');
  });
});

describe('TranscriptPrinter and the sandbox', () => {
  it('says plainly when the sandbox blocked a command and asks to run it outside, and shows grant changes', () => {
    const out = printerWithEvents([
      {
        type: 'approval_requested',
        turnId,
        requestId: 'r1',
        itemId: 'c1-unsandboxed',
        kind: 'unsandboxed',
        reason: "Run outside the sandbox: touch /etc/x\nThe sandbox blocked it: touch: cannot touch '/etc/x': Read-only file system",
      },
      { type: 'sandbox_changed', grants: { network: true, credentials: ['gh'] } },
    ]);
    expect(out).toContain(
      "? The sandbox blocked this command. Run it again outside the sandbox? The sandbox blocked it: touch: cannot touch '/etc/x': Read-only file system\n",
    );
    expect(out).toContain('-- sandbox: network on · reads gh (from the next shell)\n');
  });
});
