/**
 * The conversation through the thread's log: what a worker reports (history_appended) is on disk
 * and reaches the next worker (configure.history) exactly, after a restart of the fleet; a log line
 * whose conversation item is malformed is reported, naming the thread's log and the line.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationItem } from '../../../src-shared/protocol/conversation';
import { threadLogPath } from './event-log';
import { waitForEvent } from '../test-support/fleet-control-support';
import { createFleetFixture, type FleetFixture } from '../test-support/fleet-fixture';
import { call, waitForThreads } from '../test-support/fleet-test-support';

/** Every kind of item the agent keeps, with the fields a provider needs to have them back. */
const BEFORE_COMPACTION: ConversationItem[] = [
  { type: 'user', text: 'Fix the build' },
  { type: 'reasoning', key: 'r0', id: 'rs_1', text: '', encryptedContent: null, response: 0 },
];
const CONVERSATION: ConversationItem[] = [
  { type: 'user', text: 'Fix the build' },
  { type: 'user', text: 'The conversation so far was compacted … Hand-off summary: tests fail in src/a.ts' },
  { type: 'reasoning', key: 'r1', id: 'rs_2', text: 'Look at the test first.', encryptedContent: 'gAAAAB-opaque==', response: 1 },
  { type: 'message', key: 'm1', text: 'Running the tests.', phase: 'commentary', response: 1 },
  { type: 'tool_call', callId: 'call_1', name: 'exec_command', input: '{"cmd":"npm test"}', format: 'function', response: 1 },
  { type: 'tool_output', callId: 'call_1', format: 'function', output: 'Exit code: 1\n1 failing' },
  { type: 'tool_call', callId: 'call_2', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch', format: 'custom', response: 2 },
  { type: 'tool_output', callId: 'call_2', format: 'custom', output: 'Done.' },
  { type: 'message', key: 'm3', text: 'Fixed.', phase: 'final_answer', response: 3 },
];

/**
 * Plain JS, forked as is. A worker configured without history reports the conversation above (a
 * compaction included) as the agent would; one configured with history writes it to
 * received-history.json in its worktree, so the test sees exactly what the fleet replayed.
 */
const WORKER_SOURCE = String.raw`
const fs = require('node:fs');
const before = ${JSON.stringify(BEFORE_COMPACTION)};
const after = ${JSON.stringify(CONVERSATION)};
let config = null;
const send = (id, msg) => process.send({ id, msg });
process.on('message', ({ id, op }) => {
  if (op.type === 'configure') {
    config = op.config;
    send(id, { type: 'ready', pid: process.pid, shell: 'sh', sandbox: 'none' });
  } else if (op.type === 'user_input') {
    const turnId = 'turn-' + Date.now();
    send(id, { type: 'turn_started', turnId });
    if (config.history) {
      fs.writeFileSync('received-history.json', JSON.stringify(config.history));
    } else {
      send(id, { type: 'history_appended', items: before });
      send(id, { type: 'history_appended', items: after.slice(0, 2), replace: true });
      for (const item of after.slice(2)) send(id, { type: 'history_appended', items: [item] });
    }
    send(id, { type: 'turn_completed', turnId, summary: null });
  } else if (op.type === 'shutdown') {
    process.exit(0);
  }
});
`;

describe('the conversation in the thread log', () => {
  let fx: FleetFixture;
  let workerEntry: string;
  beforeEach(async () => {
    fx = await createFleetFixture();
    workerEntry = join(fx.dir, 'history-worker.cjs');
    writeFileSync(workerEntry, WORKER_SOURCE);
  });
  afterEach(() => fx.cleanup());

  /** Runs the first turn in one fleet, which is then stopped, as at a restart. */
  async function reportedThread(): Promise<{ id: string; worktreePath: string; lastSeq: number }> {
    const fleet = await fx.openFleet({ workerEntry });
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: 'Fix the build', agents: 1 });
    const [done] = await waitForThreads(fleet, (ts) => ts[0]?.status === 'done' && ts[0].diffStat !== null, 'the first turn');
    await fleet.dispose();
    return { id: run.threads[0]!.id, worktreePath: done!.worktreePath, lastSeq: done!.lastSeq };
  }

  /** Restarts the fleet and has a new worker take the next message; returns what it was replayed. */
  async function replayedToNewWorker(thread: { id: string; worktreePath: string; lastSeq: number }): Promise<unknown> {
    const fleet = await fx.openFleet({ workerEntry });
    await call(fleet, 'thread.send', { threadId: thread.id, text: 'Go on', mode: 'queue' });
    // The worker writes the file before it reports the turn completed.
    await waitForEvent(fleet, thread.id, (e) => e.msg.type === 'turn_completed' && e.seq > thread.lastSeq, 'the next turn');
    return JSON.parse(readFileSync(join(thread.worktreePath, 'received-history.json'), 'utf8'));
  }

  it('reaches a new worker after a restart exactly as the old one reported it, compaction applied', async () => {
    const thread = await reportedThread();
    expect(await replayedToNewWorker(thread)).toEqual(CONVERSATION);
    expect(fx.logger.lines.filter((line) => line.startsWith('warn:'))).toEqual([]);
  });

  it('reports a line whose conversation item is malformed, naming the thread log and the line', async () => {
    const thread = await reportedThread();
    const path = threadLogPath(fx.dataDir, thread.id);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n').length;
    const line = (seq: number, items: unknown[]) =>
      `${JSON.stringify({ threadId: thread.id, seq, ts: Date.now(), msg: { type: 'history_appended', items } })}\n`;
    const broken = { type: 'reasoning', key: 'r9', id: 'rs_9', text: '', encryptedContent: 42, response: 4 };
    const later: ConversationItem = { type: 'user', text: 'Written after the broken line' };
    appendFileSync(path, line(thread.lastSeq + 1, [broken]) + line(thread.lastSeq + 2, [later]));

    const replayed = await replayedToNewWorker({ ...thread, lastSeq: thread.lastSeq + 2 });
    expect(fx.logger.lines).toContainEqual(
      `warn: ${path}: line ${lines + 1} is not a valid thread event (msg.items.0.encryptedContent: Invalid input: expected string, received number); skipped it.`,
    );
    expect(path).toContain(thread.id);
    expect(replayed).toEqual([...CONVERSATION, later]);
  });
});
