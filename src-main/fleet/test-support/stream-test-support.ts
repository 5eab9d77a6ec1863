/**
 * Test support for streaming: a journal with a real log file and a real batcher whose frames go
 * out when the test says, a scripted turn that streams several items in several frames, and a
 * client that folds what it receives with the renderer's reducer.
 */
import { join } from 'node:path';
import type { ClientEvent } from '../../../src-shared/protocol/api';
import type { ThreadEvent, ThreadEventMsg } from '../../../src-shared/protocol/thread-events';
import { applyThreadEvent, emptyTranscript, type Transcript } from '../../../src-shared/transcript';
import { fetchEventsAfter } from '../../../src-shared/thread-event-pages';
import { ok } from '../../../src-shared/protocol/api';
import { createEventBatcher } from '../api';
import { ThreadLogWriter } from '../thread';
import { recordingLogger } from './fleet-test-support';
import type { StreamingOptions } from '../thread';
import { sampleSummary } from './samples';
import { ThreadJournal } from '../thread';

export const THREAD = sampleSummary({ id: 't_stream' });

export interface StreamRig {
  journal: ThreadJournal;
  batches: ClientEvent[];
  logPath: string;
  /** Waits for everything recorded to be on disk, then sends the frame. */
  frame(): Promise<void>;
}

export function streamRig(dir: string, streaming?: StreamingOptions, restored: ThreadEvent[] = []): StreamRig {
  const logPath = join(dir, `${THREAD.id}.jsonl`);
  const batcher = createEventBatcher({ intervalMs: 60_000 });
  const batches: ClientEvent[] = [];
  batcher.onEvent((batch) => batches.push(batch));
  const deps = { logger: recordingLogger(), log: new ThreadLogWriter(logPath), publish: batcher.push, streaming };
  const lastSeq = restored.at(-1)?.seq ?? 0;
  const journal = new ThreadJournal(deps, { ...THREAD, lastSeq }, restored);
  if (restored.length === 0) journal.record({ type: 'thread_created', thread: { ...THREAD, lastSeq: 1 } });
  return {
    journal,
    batches,
    logPath,
    frame: async () => {
      await journal.settled();
      batcher.flush();
    },
  };
}

const turnId = 'turn-1';
const started = (item: Extract<ThreadEventMsg, { type: 'item_started' }>['item']): ThreadEventMsg => ({ type: 'item_started', turnId, item });
const completed = (item: Extract<ThreadEventMsg, { type: 'item_completed' }>['item']): ThreadEventMsg => ({ type: 'item_completed', turnId, item });
export const delta = (itemId: string, text: string, stream: 'text' | 'output' = 'text'): ThreadEventMsg => ({ type: 'item_delta', turnId, itemId, stream, delta: text });
const command = (output: string, status: 'in_progress' | 'completed') =>
  ({ type: 'command', id: 'c1', command: 'ls', cwd: '/w', output, exitCode: status === 'completed' ? 0 : null, durationMs: null, sessionId: null, status }) as const;

/**
 * One turn in frames (each inner list is recorded, then a frame goes out): reasoning and a
 * message streaming side by side, a command's output, and a message left unfinished when the
 * turn is interrupted.
 */
export const SCRIPTED_TURN: ThreadEventMsg[][] = [
  [{ type: 'turn_started', turnId }, started({ type: 'reasoning', id: 'r1', text: '' }), delta('r1', 'Look'), delta('r1', 'ing')],
  [delta('r1', ' around'), started({ type: 'assistant_message', id: 'm1', text: '' }), delta('m1', 'Hel'), delta('m1', 'lo')],
  [delta('m1', ', '), delta('r1', '.'), delta('m1', 'world')],
  [completed({ type: 'reasoning', id: 'r1', text: 'Looking around.' }), delta('m1', '!'), completed({ type: 'assistant_message', id: 'm1', text: 'Hello, world!' }), started(command('', 'in_progress'))],
  [delta('c1', 'a\n', 'output'), delta('c1', 'b\n', 'output'), { type: 'usage', turnId, usage: { inputTokens: 5, cachedInputTokens: 0, outputTokens: 2, reasoningTokens: 0 } }],
  [delta('c1', 'c\n', 'output'), completed(command('a\nb\nc\n', 'completed')), started({ type: 'assistant_message', id: 'm2', text: '' })],
  [delta('m2', 'Half'), delta('m2', ' done')],
  [{ type: 'turn_aborted', turnId, reason: 'interrupted' }],
];

/** Records the script frame by frame. */
export async function playScript(rig: StreamRig, script: ThreadEventMsg[][] = SCRIPTED_TURN): Promise<void> {
  for (const frame of script) {
    for (const msg of frame) rig.journal.record(msg);
    await rig.frame();
  }
}

export function fold(events: readonly ThreadEvent[], from: Transcript = emptyTranscript()): Transcript {
  return events.reduce(applyThreadEvent, from);
}

/** What a client catching up after `afterSeq` gets, fetched in pages of `limit`. */
export async function catchUp(journal: ThreadJournal, afterSeq: number, limit: number): Promise<ThreadEvent[]> {
  const fetched = await fetchEventsAfter(async (after) => {
    const page = journal.eventsAfter(after, limit);
    return ok({ ...page, nextAfterSeq: page.events.at(-1)?.seq ?? after });
  }, afterSeq);
  if (!fetched.ok) throw new Error(fetched.error.message);
  return fetched.value;
}
