import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ThreadDiff } from '../../../src-shared/protocol/api-review';
import { createFleetFixture, type FleetFixture } from '../test-support/fleet-fixture';
import { waitForEvent } from '../test-support/fleet-control-support';
import { call, waitForThreads } from '../test-support/fleet-test-support';
import { formatReview } from './review-commands';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), '../../../dist/main/worker.cjs');

describe('formatReview', () => {
  const diff: ThreadDiff = {
    baseCommit: 'abc',
    files: [{
      path: 'src/a.ts', oldPath: null, status: 'modified', binary: false, oldMode: '100644', newMode: '100644', additions: 1, deletions: 1,
      hunks: [{ header: '@@ -1,2 +1,2 @@', oldStart: 1, oldLines: 2, newStart: 1, newLines: 2, lines: [
        { kind: 'context', text: 'const a = 1;', oldNo: 1, newNo: 1 },
        { kind: 'del', text: 'const b = 2;', oldNo: 2, newNo: null },
        { kind: 'add', text: 'const b = 3;', oldNo: null, newNo: 2 },
      ] }],
    }],
  };

  it('quotes each commented line with its file and line number', () => {
    const text = formatReview(
      [
        { path: 'src/a.ts', line: 2, side: 'new', body: 'Why 3?' },
        { path: 'src/a.ts', line: 2, side: 'old', body: 'Keep this one.' },
        { path: 'src/other.ts', line: 9, side: 'new', body: 'Not in the diff.' },
      ],
      'Close, a few things.',
      diff,
      (path) => (path === 'src/other.ts' ? Array.from({ length: 10 }, (_, i) => `line ${i + 1}`) : null),
    );
    expect(text).toBe(
      'Review comments:\n\nClose, a few things.\n\nsrc/a.ts:2\n> const b = 3;\nWhy 3?\n\nsrc/a.ts:2 (removed line)\n> const b = 2;\nKeep this one.\n\nsrc/other.ts:9\n> line 9\nNot in the diff.',
    );
  });
});

describe('review through the fleet', () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  it('checkpoints each turn, sends review comments as one message, rolls back and reverts', async () => {
    const fleet = await fx.openFleet({ forceDemo: true, workerEntry: WORKER });
    const patch = (lines: string[]) => ({ output: [{ type: 'custom_tool_call', name: 'apply_patch', input: ['*** Begin Patch', ...lines, '*** End Patch'].join('\n') }] });
    const responses = [
      patch(['*** Add File: notes.txt', '+first']),
      { output: [{ type: 'message', text: 'turn one done' }] },
      patch(['*** Update File: notes.txt', '@@', '-first', '+second', '*** Add File: extra.txt', '+extra']),
      { output: [{ type: 'message', text: 'turn two done' }] },
    ];
    const scriptPath = join(fx.scriptsDir, 'review.json');
    writeFileSync(scriptPath, JSON.stringify({ name: 'review', responses }));
    const started = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Write notes', agents: 1, demoScript: scriptPath });
    const id = started.threads[0]!.id;
    const checkpointed = (turn: number) =>
      waitForEvent(fleet, id, (e) => e.msg.type === 'checkpoint' && e.msg.turn === turn, `the checkpoint of turn ${turn}`);
    await checkpointed(1);

    const review = { threadId: id, comments: [{ path: 'notes.txt', line: 1, side: 'new' as const, body: 'Say second.' }], mode: 'queue' as const };
    await call(fleet, 'thread.review', review);
    const events = await waitForEvent(fleet, id, (e) => e.msg.type === 'user_message' && e.msg.text.startsWith('Review'), 'the review message');
    const sent = events.flatMap((e) => (e.msg.type === 'user_message' ? [e.msg.text] : []));
    expect(sent.at(-1)).toBe('Review comments:\n\nnotes.txt:1\n> first\nSay second.');
    await checkpointed(2);
    await waitForThreads(fleet, (ts) => ts[0]?.status === 'done', 'turn two');
    const thread = (await call(fleet, 'threads.list', {}))[0]!;
    expect((await call(fleet, 'thread.checkpoints', { threadId: id })).map((c) => c.turn)).toEqual([1, 2]);
    expect((await call(fleet, 'thread.diff', { threadId: id, turn: 2 })).files.map((f) => f.path)).toEqual(['extra.txt', 'notes.txt']);

    await call(fleet, 'thread.rollback', { threadId: id, turn: 1 });
    expect(readFileSync(join(thread.worktreePath, 'notes.txt'), 'utf8')).toBe('first\n');
    expect(existsSync(join(thread.worktreePath, 'extra.txt'))).toBe(false);
    await call(fleet, 'thread.rollback', { threadId: id, turn: 2 });
    expect(readFileSync(join(thread.worktreePath, 'notes.txt'), 'utf8')).toBe('second\n');

    await call(fleet, 'thread.revert', { threadId: id, path: 'extra.txt', hunkIndex: null });
    expect(existsSync(join(thread.worktreePath, 'extra.txt'))).toBe(false);
    await waitForThreads(fleet, (ts) => ts[0]?.diffStat?.files === 1, 'the card to show one file');
    expect(await fleet.handle('thread.rollback', { threadId: id, turn: 7 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  }, 180_000);
});
