import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../../git/test-support/temp-repo';
import { listThreadLogs, loadThreadLog, repairThreadLog, ThreadLogWriter, threadLogPath } from './event-log';
import { eventsFor, sampleSummary } from '../test-support/samples';

describe('thread event log', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = makeTempDir();
  });
  afterEach(() => removeTempDir(dataDir));

  const events = eventsFor(sampleSummary(), [
    { type: 'user_message', text: 'hello', delivery: 'new_turn' },
    { type: 'turn_started', turnId: 'turn-1' },
    { type: 'item_delta', turnId: 'turn-1', itemId: 'i1', stream: 'text', delta: 'line one\nline "two" ✓' },
    { type: 'turn_completed', turnId: 'turn-1', summary: null },
  ]);

  it('round-trips events in order, one JSON line each, readable only by the user', async () => {
    const path = threadLogPath(dataDir, 't_0000abcd');
    const writer = new ThreadLogWriter(path);
    // Appended without awaiting one another: the writer keeps their order.
    await Promise.all(events.map((event) => writer.append(event)));
    await writer.close();
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(events.length + 1);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await loadThreadLog(path)).toEqual({ events, problems: [], truncateTo: null, lastSeq: 5 });
    expect(await listThreadLogs(dataDir)).toEqual([path]);
  });

  it('drops a torn last line, keeps everything before it, and can be repaired', async () => {
    const path = threadLogPath(dataDir, 't_0000abcd');
    const writer = new ThreadLogWriter(path);
    for (const event of events.slice(0, 3)) await writer.append(event);
    await writer.close();
    const goodLength = statSync(path).size;
    appendFileSync(path, JSON.stringify(events[3]).slice(0, 25));

    const loaded = await loadThreadLog(path);
    expect(loaded.events).toEqual(events.slice(0, 3));
    expect(loaded.problems).toEqual([expect.stringMatching(/line 4 is incomplete/)]);
    expect(loaded.truncateTo).toBe(goodLength);

    await repairThreadLog(path, goodLength);
    const again = new ThreadLogWriter(path);
    await again.append(events[3]!);
    await again.close();
    expect((await loadThreadLog(path)).events).toEqual(events.slice(0, 4));
  });

  it('treats an invalid last line with a newline as torn too, and skips a bad line in the middle', async () => {
    const path = join(dataDir, 'threads', 'x.jsonl');
    const lines = events.slice(0, 2).map((e) => JSON.stringify(e));
    const writer = new ThreadLogWriter(path);
    await writer.append(events[0]!);
    await writer.close();
    appendFileSync(path, `{"not":"an event"}\n${lines[1]}\n{"seq":\n`);
    const loaded = await loadThreadLog(path);
    expect(loaded.events).toEqual(events.slice(0, 2));
    expect(loaded.problems).toHaveLength(2);
    expect(loaded.problems[0]).toMatch(/line 2 is not a valid thread event/);
    expect(loaded.problems[1]).toMatch(/line 4 is incomplete/);
  });

  it('lists nothing when there is no threads folder', async () => {
    expect(await listThreadLogs(join(dataDir, 'nowhere'))).toEqual([]);
  });

  it('refuses appends after close', async () => {
    const writer = new ThreadLogWriter(threadLogPath(dataDir, 't_1'));
    await writer.close();
    await expect(writer.append(events[0]!)).rejects.toThrow(/closed/);
  });
});
