import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import { git, repoFingerprint } from '../git/test-support/temp-repo';
import { loadThreadLog, threadLogPath } from './thread';
import { createFleetFixture, TEST_API_KEY, type FleetFixture } from './test-support/fleet-fixture';
import { compactCompletedItems } from './thread';
import { call, threadEvents, waitForThreads } from './test-support/fleet-test-support';
import { replaySummary } from './thread';

const allDone = (threads: ThreadSummary[]): boolean =>
  threads.length > 0 && threads.every((t) => t.status === 'done' && t.diffStat !== null);

describe('fleet with a fake worker', () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  it('runs 4 agents in 4 worktrees under the data dir, leaving the repository untouched', async () => {
    const before = repoFingerprint(fx.repo);
    writeFileSync(join(fx.dataDir, 'AGENTS.md'), 'Be brief.');
    const fleet = await fx.openFleet();
    // A nested path resolves to the repository's top level.
    const run = await call(fleet, 'task.run', { repoPath: join(fx.repo, 'src'), prompt: 'Add a dark-mode toggle!', agents: 4 });

    expect(run.threads).toHaveLength(4);
    expect(new Set(run.threads.map((t) => t.branch)).size).toBe(4);
    for (const [i, thread] of run.threads.entries()) {
      expect(thread).toMatchObject({ taskId: run.taskId, agentIndex: i + 1, repoPath: fx.repo, baseBranch: 'main', demo: false });
      expect(thread.providerLabel).toBe('Test provider');
      expect(thread.branch).toMatch(/^flotilla\/add-a-dark-mode-toggle-[0-9a-f]{8}$/);
      expect(thread.id).toMatch(/^t_[0-9a-f]{8}$/);
      expect(relative(join(fx.dataDir, 'worktrees'), thread.worktreePath)).not.toMatch(/^\.\./);
      expect(relative(fx.repo, thread.worktreePath)).toMatch(/^\.\./);
    }

    const threads = await waitForThreads(fleet, allDone, 'all four agents to finish');
    for (const thread of threads) {
      expect(git(thread.worktreePath, ['symbolic-ref', '--short', 'HEAD']).trim()).toBe(thread.branch);
      expect(thread.diffStat).toEqual({ files: 1, additions: 1, deletions: 0 });
      expect(thread.usage).toEqual({ inputTokens: 100, cachedInputTokens: 20, outputTokens: 10, reasoningTokens: 0 });
      const events = await threadEvents(fleet, thread.id);
      const answer = events.flatMap((e) => (e.msg.type === 'item_completed' ? [e.msg.item] : []))[0];
      // The worker ran in its worktree, got the key in its config but not in its environment.
      expect(answer).toMatchObject({ type: 'assistant_message' });
      expect(answer && 'text' in answer ? answer.text : '').toContain(
        `cwd=${thread.worktreePath} model=test-model hasKey=true keyInEnv=false input=Add a dark-mode toggle! ` +
          `instructions="Be brief." repoRoot=${fx.repo}`,
      );
      // Strictly increasing; a completed item's deltas are left out, so not contiguous.
      expect(events.every((e, i) => e.seq > (events[i - 1]?.seq ?? 0))).toBe(true);
      expect(events.some((e) => e.msg.type === 'item_delta')).toBe(false);
      expect(events[0]?.msg.type).toBe('thread_created');
      expect(events.some((e) => e.msg.type === 'user_message' && e.msg.delivery === 'new_turn')).toBe(true);

      const logPath = threadLogPath(fx.dataDir, thread.id);
      expect(statSync(logPath).mode & 0o777).toBe(0o600);
      const logged = await loadThreadLog(logPath);
      // The log drops a completed item's deltas a moment after the turn; memory at once.
      expect(compactCompletedItems(logged.events)).toEqual(events);
      expect(replaySummary(logged.events)).toEqual(thread);
      expect(readFileSync(logPath, 'utf8')).not.toContain(TEST_API_KEY);
    }
    expect(repoFingerprint(fx.repo)).toEqual(before);
    const branches = git(fx.repo, ['branch', '--list', 'flotilla/*', '--format=%(refname:short)']).trim().split('\n');
    expect(branches.sort()).toEqual(threads.map((t) => t.branch).sort());
  });

  it('fails the thread whose worker is killed, while the others go on', async () => {
    const fleet = await fx.openFleet();
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: '[hold] long job', agents: 3 });
    const ids = run.threads.map((t) => t.id);
    await waitForThreads(fleet, (ts) => ts.every((t) => t.activity === 'Running: sleep 1000'), 'all agents to be busy');
    const ready = (await threadEvents(fleet, ids[0]!)).find((e) => e.msg.type === 'ready');
    const pid = ready?.msg.type === 'ready' ? ready.msg.pid : 0;
    process.kill(pid, 'SIGKILL');

    const afterKill = await waitForThreads(fleet, (ts) => ts[0]?.status === 'failed', 'the killed thread to fail');
    expect(afterKill[0]).toMatchObject({
      status: 'failed',
      error: 'The agent process exited unexpectedly (signal SIGKILL).',
    });
    expect(afterKill.slice(1).map((t) => t.status)).toEqual(['working', 'working']);
    const exitEvent = (await threadEvents(fleet, ids[0]!)).find((e) => e.msg.type === 'worker_exited');
    expect(exitEvent?.msg).toEqual({ type: 'worker_exited', code: null, signal: 'SIGKILL' });

    // Agent 2: a queued message waits for the turn to end, then runs as the next turn.
    await call(fleet, 'thread.send', { threadId: ids[1]!, text: 'then the docs', mode: 'queue' });
    await call(fleet, 'thread.send', { threadId: ids[1]!, text: 'finish', mode: 'steer' });
    // Agent 3: steered to finish. Agent 1: a new message respawns its worker.
    await call(fleet, 'thread.send', { threadId: ids[2]!, text: 'finish', mode: 'steer' });
    await call(fleet, 'thread.send', { threadId: ids[0]!, text: 'try again', mode: 'steer' });

    await waitForThreads(fleet, (ts) => ts.every((t) => t.status === 'done'), 'all threads done');
    const second = await threadEvents(fleet, ids[1]!);
    const completions = second.filter((e) => e.msg.type === 'turn_completed');
    expect(completions).toHaveLength(2);
    const deliveries = second.flatMap((e) => (e.msg.type === 'user_message' ? [e.msg.delivery] : []));
    expect(deliveries).toEqual(['new_turn', 'queue', 'steer']);
    const answers = second.flatMap((e) => (e.msg.type === 'item_completed' && e.msg.item.type === 'assistant_message' ? [e.msg.item.text] : []));
    expect(answers[1]).toContain('input=then the docs');
    const first = await threadEvents(fleet, ids[0]!);
    expect(first.filter((e) => e.msg.type === 'ready')).toHaveLength(2);
  });

  it('interrupts a running turn', async () => {
    const fleet = await fx.openFleet();
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: '[hold] stop me', agents: 1 });
    await waitForThreads(fleet, (ts) => ts[0]?.status === 'working', 'the agent to work');
    await call(fleet, 'thread.interrupt', { threadId: run.threads[0]!.id });
    const [thread] = await waitForThreads(fleet, (ts) => ts[0]?.status === 'interrupted', 'the interrupt');
    expect(thread).toMatchObject({ activity: 'Interrupted', error: null });
  });

  it('re-measures the files changed when the agent reports its turn diff, mid-turn and without logging it', async () => {
    const fleet = await fx.openFleet();
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: '[hold][diff] edit and wait', agents: 1 });
    const id = run.threads[0]!.id;
    // No item completes in this turn: only the turn_diff_updated notice can trigger the measure.
    const [thread] = await waitForThreads(fleet, (ts) => ts[0]?.status === 'working' && ts[0].diffStat?.files === 1, 'the mid-turn files-changed count');
    expect(thread!.diffStat).toMatchObject({ files: 1, additions: 1 });
    expect((await threadEvents(fleet, id)).some((e) => e.msg.type === 'turn_diff_updated')).toBe(false);
    await call(fleet, 'thread.interrupt', { threadId: id });
  });

  it('drops a malformed worker message, logs it, and carries on', async () => {
    const fleet = await fx.openFleet();
    await call(fleet, 'task.run', { repoPath: fx.repo, prompt: '[malformed] hello', agents: 1 });
    await waitForThreads(fleet, allDone, 'the agent to finish');
    const dropped = fx.logger.lines.filter((line) => line.includes('Dropped a malformed message'));
    expect(dropped).toHaveLength(2);
  });
});
