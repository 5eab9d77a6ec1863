import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commands, THREAD_EVENTS_DEFAULT_LIMIT, THREAD_EVENTS_MAX_LIMIT } from '../../../src-shared/protocol/api';
import type { ThreadEvent } from '../../../src-shared/protocol/thread-events';
import { loadThreadLog } from './event-log';
import { catchUp, delta, fold, playScript, SCRIPTED_TURN, streamRig as openRig, type StreamRig } from '../test-support/stream-test-support';

const OFF = { coalesce: false, compact: false };

function deltasOf(events: readonly ThreadEvent[], itemId: string): string[] {
  return events.flatMap((e) => (e.msg.type === 'item_delta' && e.msg.itemId === itemId ? [e.msg.delta] : []));
}

function sent(batches: { events: ThreadEvent[] }[]): ThreadEvent[] {
  return batches.flatMap((b) => b.events);
}

describe('streaming a thread', () => {
  let dir: string;
  const rigs: StreamRig[] = [];
  const streamRig = (...args: Parameters<typeof openRig>): StreamRig => {
    const rig = openRig(...args);
    rigs.push(rig);
    return rig;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-stream-'));
  });
  afterEach(async () => {
    for (const rig of rigs.splice(0)) await rig.journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('merges consecutive deltas of one item within a frame, never across items or other events', async () => {
    const rig = streamRig(dir);
    await playScript(rig);
    const [, , third, , fifth] = rig.batches.map((b) => b.events.map((e) => (e.msg.type === 'item_delta' ? `${e.msg.itemId}:${e.msg.delta}` : e.msg.type)));
    // r1's '.' sits between two m1 deltas: three events, in order.
    expect(third).toEqual(['m1:, ', 'r1:.', 'm1:world']);
    expect(fifth).toEqual(['c1:a\nb\n', 'usage']);
    const seqs = sent(rig.batches).map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    // A merged event carries the seq of its last fragment.
    const merged = rig.batches[4]!.events[0]!;
    expect(merged.seq).toBe(rig.batches[4]!.events[1]!.seq - 1);
  });

  it('without coalescing sends every delta as its own event', async () => {
    const rig = streamRig(dir, OFF);
    await playScript(rig);
    expect(deltasOf(sent(rig.batches), 'c1')).toEqual(['a\n', 'b\n', 'c\n']);
    expect(rig.batches.every((b) => b.threads.length === 1)).toBe(true);
  });

  it('sends the summary only in frames that changed it', async () => {
    const rig = streamRig(dir);
    await playScript(rig);
    // Frames 3 and 7 hold only deltas; the others start, complete, count or end something.
    expect(rig.batches.map((b) => b.threads.length)).toEqual([1, 1, 0, 1, 1, 1, 0, 1]);
    expect(rig.batches.at(-1)!.threads[0]).toMatchObject({ status: 'interrupted', lastSeq: sent(rig.batches).at(-1)!.seq });
  });

  it('drops the fragments of an item completing in the same frame, which the completed item replaces', async () => {
    const rig = streamRig(dir);
    await playScript(rig);
    expect(rig.batches[3]!.events.map((e) => e.msg.type)).toEqual(['item_completed', 'item_completed', 'item_started']);
  });

  it('keeps a completed item, not its fragments, in memory and in the log; an unfinished one keeps them', async () => {
    const rig = streamRig(dir);
    await playScript(rig);
    await rig.journal.settled();
    const kept = rig.journal.eventsAfter(0, 1000).events;
    for (const id of ['r1', 'm1', 'c1']) expect(deltasOf(kept, id)).toEqual([]);
    expect(deltasOf(kept, 'm2')).toEqual(['Half done']);
    // Compacted a moment after the turn ended, without waiting for the thread to close.
    const logged = await vi.waitFor(
      async () => {
        const events = (await loadThreadLog(rig.logPath, rig.journal.live.id)).events;
        for (const id of ['r1', 'm1', 'c1']) expect(deltasOf(events, id)).toEqual([]);
        return events;
      },
      { timeout: 20_000, interval: 50 },
    );
    // The log is written before frames merge anything: the unfinished item's fragments as they came.
    expect(deltasOf(logged, 'm2')).toEqual(['Half', ' done']);
    expect(logged.at(-1)!.msg.type).toBe('turn_aborted');
    expect(fold(kept)).toEqual(fold(sent(rig.batches)));
  });

  it('gives a client reconnecting after any frame, in pages, the transcript of one that never left', async () => {
    const rig = streamRig(dir);
    await playScript(rig);
    const continuous = fold(sent(rig.batches));
    expect(continuous.items.map((i) => i.id)).toEqual(['r1', 'm1', 'c1', 'm2', expect.stringMatching(/^aborted-/), 'usage-turn-1']);
    for (let k = 0; k <= rig.batches.length; k += 1) {
      const before = fold(sent(rig.batches.slice(0, k)));
      for (const limit of [1, 2, 1000]) {
        expect(fold(await catchUp(rig.journal, before.lastSeq, limit), before)).toEqual(continuous);
      }
    }
  });

  it('gives a client that catches up in the middle of a frame no fragment twice', async () => {
    const rig = streamRig(dir);
    await playScript(rig, SCRIPTED_TURN.slice(0, 1));
    rig.journal.record(delta('r1', ' x'));
    await rig.journal.settled();
    // On disk, not yet in a frame: the page has it, so the frame must not merge more into it.
    const early = fold(await catchUp(rig.journal, 0, 1000));
    rig.journal.record(delta('r1', ' y'));
    await rig.frame();
    const continuous = fold(sent(rig.batches));
    expect(continuous.items[0]).toMatchObject({ text: 'Looking x y' });
    expect(fold(sent(rig.batches), early)).toEqual(continuous);
  });

  it('gives the same transcript after a restart, to a client at any seq of a log with every delta (an older fleet\'s)', async () => {
    const old = streamRig(dir, OFF);
    await playScript(old);
    await old.journal.close();
    const raw = readFileSync(old.logPath, 'utf8');
    const everyEvent = sent(old.batches);
    const continuous = fold(everyEvent);
    const loaded = await loadThreadLog(old.logPath, old.journal.live.id);
    expect(loaded.events).toEqual(everyEvent);

    const restarted = streamRig(dir, undefined, loaded.events);
    await restarted.journal.close();
    expect(readFileSync(old.logPath, 'utf8').length).toBeLessThan(raw.length);
    for (const { seq } of [{ seq: 0 }, ...everyEvent]) {
      const before = fold(everyEvent.filter((e) => e.seq <= seq));
      expect(fold(await catchUp(restarted.journal, seq, 2), before)).toEqual(continuous);
    }
    // The compacted log loads to the same transcript, with nothing skipped.
    const reloaded = await loadThreadLog(old.logPath, old.journal.live.id);
    expect(reloaded.problems).toEqual([]);
    expect(fold(reloaded.events)).toEqual(continuous);
  });

  it('compacts a log around lines it cannot read, keeping them where they were', async () => {
    const old = streamRig(dir, OFF);
    await playScript(old, SCRIPTED_TURN.slice(0, 4));
    await old.journal.close();
    writeFileSync(old.logPath, `${readFileSync(old.logPath, 'utf8')}not json\n`);
    const restarted = streamRig(dir, undefined, (await loadThreadLog(old.logPath, old.journal.live.id)).events);
    await restarted.journal.close();
    const lines = readFileSync(old.logPath, 'utf8').split('\n');
    expect(lines.at(-2)).toBe('not json');
    expect(lines.filter((line) => line.includes('"item_delta"'))).toEqual([]);
  });

  it('pages thread.events: a default page size, a maximum, and an answer that says whether more follow', async () => {
    const params = commands['thread.events'].params;
    expect(params.parse({ threadId: 't', afterSeq: 0 }).limit).toBe(THREAD_EVENTS_DEFAULT_LIMIT);
    expect(params.safeParse({ threadId: 't', afterSeq: 0, limit: THREAD_EVENTS_MAX_LIMIT + 1 }).success).toBe(false);
    expect(params.safeParse({ threadId: 't', afterSeq: 0, limit: 0 }).success).toBe(false);
    const rig = streamRig(dir);
    await playScript(rig);
    const all = rig.journal.eventsAfter(0, 1000);
    expect(all.hasMore).toBe(false);
    const first = rig.journal.eventsAfter(0, 3);
    expect(first).toEqual({ events: all.events.slice(0, 3), hasMore: true });
    expect(rig.journal.eventsAfter(first.events.at(-1)!.seq, 1000).events).toEqual(all.events.slice(3));
    // An afterSeq between two kept events (a dropped fragment's) starts at the next kept one.
    const gap = all.events.findIndex((e, i) => i > 0 && e.seq > all.events[i - 1]!.seq + 1);
    expect(rig.journal.eventsAfter(all.events[gap]!.seq - 1, 1).events).toEqual([all.events[gap]]);
  });
});
