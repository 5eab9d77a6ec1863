/**
 * A thread's summary is a pure fold of its events. The same reducer runs live (ThreadHost) and on
 * start-up (replaying a log), so a restarted fleet shows exactly what the running one showed.
 */
import { assertNever } from '../../../src-shared/assert-never';
import { addUsage, type ThreadStatus, type ThreadSummary } from '../../../src-shared/domain/thread';
import type { TranscriptItem } from '../../../src-shared/protocol/items';
import type { MessageState, ThreadEvent } from '../../../src-shared/protocol/thread-events';
import { costUsd } from '../settings';

/** A paused thread still has a live turn: messages steer or queue, and it can be interrupted. */
const RUNNING: readonly ThreadStatus[] = ['starting', 'working', 'waiting', 'paused'];

export function isRunningStatus(status: ThreadStatus): boolean {
  return RUNNING.includes(status);
}

export function workerExitMessage(code: number | null, signal: string | null): string {
  const parts = [code !== null ? `code ${code}` : null, signal !== null ? `signal ${signal}` : null].filter(Boolean);
  return `The agent process exited unexpectedly (${parts.join(' / ') || 'no exit code'}).`;
}

/** One line for the dashboard about what an item means the agent is doing. */
export function itemActivity(item: TranscriptItem): string | null {
  switch (item.type) {
    case 'command':
      return `Running: ${firstLine(item.command)}`;
    case 'patch':
      return item.changes[0] ? `Editing ${item.changes[0].path}` : 'Editing files';
    case 'reasoning':
      return 'Thinking…';
    case 'assistant_message':
      return 'Writing…';
    case 'plan':
      return 'Planning…';
    case 'compaction':
      return 'Compacted the conversation';
    case 'turn_usage':
      return null;
    case 'user_message':
    case 'error':
      return null;
    default:
      return assertNever(item, 'transcript item');
  }
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

function finish(s: ThreadSummary, ts: number, status: ThreadStatus, activity: string, error: string | null): ThreadSummary {
  // A request left open by an ended turn can no longer be answered.
  return { ...s, status, activity, error, finishedAt: ts, pendingApproval: null };
}

function working(s: ThreadSummary, activity: string): ThreadSummary {
  return { ...s, status: 'working', activity, finishedAt: null, error: null };
}

/** Returns the summary after `event`. Pure: no clock, no I/O; `lastSeq` always follows the event. */
export function reduceSummary(summary: ThreadSummary, event: ThreadEvent): ThreadSummary {
  return { ...trackPause(summary, applyMsg(summary, event), event.ts), lastSeq: event.seq };
}

/** Paused time is counted apart, so a thread's elapsed time stops while it is paused. */
function trackPause(before: ThreadSummary, after: ThreadSummary, ts: number): ThreadSummary {
  const wasPaused = before.status === 'paused';
  const isPaused = after.status === 'paused';
  if (wasPaused === isPaused) return after;
  if (isPaused) return { ...after, pausedAt: ts };
  const since = before.pausedAt ?? ts;
  return { ...after, pausedMs: (before.pausedMs ?? 0) + Math.max(0, ts - since), pausedAt: null };
}

/**
 * Whether clients need the summary after `event` (what the fleet leaves out of a frame otherwise):
 * when a field other than lastSeq moved, or an item completed (an edit or a command may have
 * changed the worktree, and clients re-measure a thread's changes on a newer lastSeq).
 */
export function summaryChanged(before: ThreadSummary, after: ThreadSummary, event: ThreadEvent): boolean {
  if (event.msg.type === 'item_completed') return true;
  const keys = Object.keys(after) as (keyof ThreadSummary)[];
  return keys.length !== Object.keys(before).length || keys.some((key) => key !== 'lastSeq' && after[key] !== before[key]);
}

function applyMsg(s: ThreadSummary, event: ThreadEvent): ThreadSummary {
  const msg = event.msg;
  switch (msg.type) {
    case 'thread_created':
      return msg.thread;
    case 'status_changed': {
      const running = isRunningStatus(msg.status);
      const finishedAt = running || msg.status === 'setting_up' ? null : (s.finishedAt ?? event.ts);
      const pendingApproval = running ? s.pendingApproval : null;
      // slotWait lives only as long as the status_changed that set it.
      const { slotWait: _ended, ...rest } = s;
      const slotWait = msg.slotWait ? { slotWait: msg.slotWait } : {};
      return { ...rest, status: msg.status, activity: msg.activity, error: msg.error, finishedAt, pendingApproval, ...slotWait };
    }
    case 'user_message':
      if (msg.delivery === 'queue' && msg.messageId) return { ...s, queue: [...s.queue, { id: msg.messageId, text: msg.text }] };
      if (msg.delivery !== 'new_turn') return s;
      // The first turn stays "starting" until the worker begins it.
      return s.status === 'starting' ? s : working(s, 'Sending…');
    case 'turn_started':
      // A pause holds the turn before its first request; it stays paused until resumed.
      return s.status === 'paused' ? s : working(s, 'Thinking…');
    case 'item_started':
    case 'item_completed': {
      const activity = msg.type === 'item_started' ? itemActivity(msg.item) : null;
      // An item moving again after an approval means the agent is back at work.
      if (s.status === 'waiting') return { ...s, status: 'working', activity: activity ?? s.activity };
      return activity && s.status === 'working' ? { ...s, activity } : s;
    }
    case 'approval_requested': {
      const pendingApproval = { requestId: msg.requestId, itemId: msg.itemId, reason: msg.reason, ...(msg.kind ? { kind: msg.kind } : {}) };
      // A request raised just before the worker took the pause (the two crossed): the pause
      // stands, or the thread would look at work, never resumable, while its worker holds.
      if (s.status === 'paused') return { ...s, pendingApproval };
      return { ...s, status: 'waiting', activity: `Waiting for approval: ${firstLine(msg.reason)}`, pendingApproval };
    }
    case 'approval_resolved': {
      if (s.pendingApproval?.requestId !== msg.requestId) return s;
      // Answered while paused: the call stays held until resume, so the thread stays paused.
      if (s.status === 'paused') return { ...s, pendingApproval: null };
      const activity = msg.decision === 'deny' ? 'Denied; telling the agent' : 'Approved';
      return { ...working(s, activity), pendingApproval: null };
    }
    case 'approval_mode_changed':
      return { ...s, approvalMode: msg.mode };
    case 'sandbox_changed':
      return { ...s, sandbox: msg.grants };
    case 'usage': {
      const usage = addUsage(s.usage, msg.usage);
      return { ...s, usage, costUsd: s.price ? costUsd(usage, s.price) : s.costUsd };
    }
    case 'turn_completed':
      return finish(s, event.ts, 'done', 'Finished', null);
    case 'turn_aborted':
      if (msg.reason === 'error') return s.status === 'failed' ? s : finish(s, event.ts, 'failed', 'Failed', s.error);
      return finish(s, event.ts, 'interrupted', msg.reason === 'shutdown' ? 'Stopped' : 'Interrupted', null);
    case 'error':
      if (msg.willRetry) return isRunningStatus(s.status) ? { ...s, activity: `Retrying: ${firstLine(msg.message)}` } : s;
      return finish(s, event.ts, 'failed', `Failed: ${firstLine(msg.message)}`, msg.message);
    case 'worker_exited': {
      if (!isRunningStatus(s.status)) return s;
      const message = workerExitMessage(msg.code, msg.signal);
      return finish(s, event.ts, 'failed', `Failed: ${message}`, message);
    }
    case 'checkpoint':
      return s;
    case 'merge_state':
      return { ...s, mergeState: msg.mergeState };
    case 'diff_stat':
      return { ...s, diffStat: msg.diffStat };
    case 'worktree_size':
      return { ...s, worktreeBytes: msg.bytes };
    case 'archive_state':
      return { ...s, archived: msg.archived };
    case 'message_state':
      return { ...s, queue: nextQueue(s.queue, msg.messageId, msg.state, msg.text) };
    case 'ready':
    case 'item_delta':
    case 'history_appended':
    case 'turn_diff_updated':
      return s;
    default:
      return assertNever(msg, 'thread event');
  }
}

function nextQueue(queue: ThreadSummary['queue'], id: string, state: MessageState, text: string) {
  if (state === 'edited') return queue.map((m) => (m.id === id ? { ...m, text } : m));
  if (state === 'queued') return queue.some((m) => m.id === id) ? queue : [...queue, { id, text }];
  return queue.filter((m) => m.id !== id);
}

/**
 * Folds a whole log; null when it does not start with thread_created (nothing to rebuild from).
 * Only the thread's own events in increasing seq order count, and lastSeq is the highest seq
 * seen, so a stray or repeated line can never make a new event reuse a seq.
 */
export function replaySummary(events: readonly ThreadEvent[]): ThreadSummary | null {
  const first = events[0];
  if (!first || first.msg.type !== 'thread_created') return null;
  let summary: ThreadSummary = { ...first.msg.thread, lastSeq: first.seq };
  let highest = first.seq;
  for (const event of events.slice(1)) {
    if (event.threadId !== first.threadId) continue;
    highest = Math.max(highest, event.seq);
    if (event.seq > summary.lastSeq) summary = reduceSummary(summary, event);
  }
  return { ...summary, lastSeq: highest };
}
