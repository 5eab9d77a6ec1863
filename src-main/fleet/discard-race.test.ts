/**
 * The discard/send race (issue 8), with real workers on the demo model: a message that arrives
 * while a discard is doing its git work must either be refused, or stop the discard from
 * removing the worktree. Never both accepted and removed with nothing kept.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../src-shared/protocol/api';
import { messageStep, runScriptedTask, WORKER } from './test-support/fleet-control-support';
import { createFleetFixture, type FleetFixture } from './test-support/fleet-fixture';
import { waitForThreads } from './test-support/fleet-test-support';

const patchStep = (path: string) => ({
  output: [{ type: 'custom_tool_call', name: 'apply_patch', input: ['*** Begin Patch', `*** Add File: ${path}`, '+late work', '*** End Patch'].join('\n') }],
});

/** Ten for the race, one for the message that comes first. */
const AGENTS = 11;

describe('discard and send on one thread', () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  it('never removes a worktree a message is writing into without keeping the work', async () => {
    const fleet = await fx.openFleet({ forceDemo: true, workerEntry: WORKER });
    // Turn 1 changes nothing (so a plain discard would go ahead); turn 2 writes a file.
    const steps = [messageStep('ready'), patchStep('late.txt'), messageStep('wrote late.txt')];
    const ids = await runScriptedTask(fleet, fx, 'race', 'Race', AGENTS, steps);
    const threads = await waitForThreads(fleet, (ts) => ts.length === AGENTS && ts.every((t) => t.status === 'done' && t.diffStat), 'every first turn', 120_000);

    const outcomes: string[] = [];
    const [first, ...racing] = ids as [string, ...string[]];
    for (const [i, id] of racing.entries()) {
      const worktree = threads.find((t) => t.id === id)!.worktreePath;
      const discarding = fleet.handle('thread.discard', { threadId: id });
      // The attack: the message lands 0-45 ms into the discard's git work.
      await new Promise((resolve) => setTimeout(resolve, (i * 5) % 50));
      const sent = await fleet.handle('thread.send', { threadId: id, text: 'Write late.txt', mode: 'queue' });
      const discarded = (await discarding) as Result<{ keptRef: string | null }>;
      outcomes.push(`${sent.ok ? 'sent' : 'refused'}/${discarded.ok ? `removed(${discarded.value.keptRef})` : discarded.error.code}`);
      if (discarded.ok && discarded.value.keptRef === null) {
        // Removed with nothing kept: only fair if the message never got in.
        expect(sent, `iteration ${i}: ${outcomes.at(-1)}`).toMatchObject({ ok: false, error: { code: 'thread_busy', message: expect.stringContaining('being discarded') } });
        expect(existsSync(worktree)).toBe(false);
      } else if (sent.ok) {
        // The message won: its turn runs in a worktree that is still there.
        await waitForThreads(fleet, (ts) => ts.some((t) => t.id === id && t.status === 'done' && t.lastSeq > 0 && t.usage.outputTokens > 0 && existsSync(join(worktree, 'late.txt'))), 'the second turn');
        expect(existsSync(join(worktree, 'late.txt'))).toBe(true);
      }
    }
    // A discarded thread refuses later messages instead of starting a worker with no worktree.
    const gone = racing.find((_, i) => outcomes[i]!.includes('removed'));
    if (gone) expect(await fleet.handle('thread.send', { threadId: gone, text: 'Hello?', mode: 'queue' })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });

    // The message first: the discard refuses while its turn runs (as the fleet knows it, before
    // any client has seen the turn start), and once the turn wrote its file, refuses to drop it;
    // then the thread takes messages again.
    expect(await fleet.handle('thread.send', { threadId: first, text: 'Write late.txt', mode: 'queue' })).toMatchObject({ ok: true });
    expect(await fleet.handle('thread.discard', { threadId: first })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    const worktree = threads.find((t) => t.id === first)!.worktreePath;
    await waitForThreads(fleet, (ts) => ts.some((t) => t.id === first && t.status === 'done' && existsSync(join(worktree, 'late.txt'))), 'the second turn');
    expect(await fleet.handle('thread.discard', { threadId: first })).toMatchObject({ ok: false, error: { code: 'unmerged_work' } });
    expect(await fleet.handle('thread.send', { threadId: first, text: 'Carry on', mode: 'queue' })).toMatchObject({ ok: true });
  }, 240_000);
});
