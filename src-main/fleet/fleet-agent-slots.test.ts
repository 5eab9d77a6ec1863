/**
 * Max agents as a fleet-wide limit on agents running at once, with real workers and the demo
 * model: each agent's command waits for a `go` file in its own worktree, so the test decides
 * when a running agent finishes.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import { execStep, messageStep, thread, WAIT_FOR_GO } from './test-support/fleet-control-support';
import { writeSettings } from './test-support/fleet-fixture';
import { useDemoFleet } from './test-support/demo-fleet';
import type { FleetService } from './fleet-service';
import { call, startTask, waitForThreads } from './test-support/fleet-test-support';

const WAITING = /^Waiting for a slot \((\d+) running, max (\d+)\)$/;
const isWaiting = (t: ThreadSummary) => t.status === 'setting_up' && t.slotWait !== undefined;
/** Started: past its setup, its agent at work on the command that waits for `go`. */
const isWorking = (t: ThreadSummary) => t.status === 'working' && t.activity.startsWith('Running');

describe('max agents running at once', () => {
  const demoFleet = useDemoFleet();

  const scripted = (name: string): string => {
    const path = join(demoFleet.fx.scriptsDir, `${name}.json`);
    writeFileSync(path, JSON.stringify({ name, responses: [execStep(WAIT_FOR_GO), messageStep('Finished.')] }));
    return path;
  };
  const run = async (fleet: FleetService, agents: number, prompt: string): Promise<string[]> => {
    const started = await startTask(fleet, { repoPath: demoFleet.fx.repo, prompt, agents, demoScript: scripted(prompt.replace(/\W+/g, '-')) });
    return started.threads.map((t) => t.id);
  };
  const statuses = (fleet: FleetService, test: (threads: ThreadSummary[]) => boolean, what: string) => waitForThreads(fleet, test, what, 60_000);
  const finish = (t: ThreadSummary) => writeFileSync(join(t.worktreePath, 'go'), '');

  it('holds threads past max agents until running ones finish or are interrupted, in creation order; a paused one keeps its slot', async () => {
    writeSettings(demoFleet.fx.dataDir, { maxAgents: 2 });
    const fleet = await demoFleet.open();
    const [a, b] = await run(fleet, 2, 'First task');
    await statuses(fleet, (ts) => isWorking(thread(ts, a!)) && isWorking(thread(ts, b!)), 'the first two agents at work');
    const [c, d] = await run(fleet, 2, 'Second task');
    let ts = await statuses(fleet, (all) => isWaiting(thread(all, c!)) && isWaiting(thread(all, d!)), 'the second task waiting');
    expect(thread(ts, c!).activity).toBe('Waiting for a slot (2 running, max 2)');
    expect(thread(ts, c!).slotWait).toEqual({ running: 2, max: 2 });
    // Nothing of a waiting thread is made: no worktree, no branch checked out.
    expect(existsSync(thread(ts, c!).worktreePath)).toBe(false);

    // Paused, A keeps its slot.
    await call(fleet, 'thread.pause', { threadId: a! });
    await statuses(fleet, (all) => thread(all, a!).status === 'paused', 'A paused');
    await call(fleet, 'thread.resume', { threadId: a! });

    // A finishes: the first waiting thread (C, made before D) starts; D still waits.
    finish(thread(ts, a!));
    ts = await statuses(fleet, (all) => thread(all, a!).status === 'done' && isWorking(thread(all, c!)), 'C started after A finished');
    expect(isWaiting(thread(ts, d!))).toBe(true);
    expect(thread(ts, d!).activity).toMatch(WAITING);

    // B interrupted: D starts.
    await call(fleet, 'thread.interrupt', { threadId: b! });
    ts = await statuses(fleet, (all) => thread(all, b!).status === 'interrupted' && isWorking(thread(all, d!)), 'D started after B was interrupted');
    expect(thread(ts, d!).slotWait).toBeUndefined();

    for (const id of [c!, d!]) finish(thread(ts, id));
    await statuses(fleet, (all) => thread(all, c!).status === 'done' && thread(all, d!).status === 'done', 'C and D done');
  });

  it('starts waiting threads at once when max agents is raised, and cancels a waiting one on interrupt with nothing made', async () => {
    writeSettings(demoFleet.fx.dataDir, { maxAgents: 1 });
    const fleet = await demoFleet.open();
    const [a, b, c] = await run(fleet, 1, 'Only one').then(async (first) => [...first, ...(await run(fleet, 1, 'Second one')), ...(await run(fleet, 1, 'Third one'))]);
    let ts = await statuses(fleet, (all) => isWorking(thread(all, a!)) && isWaiting(thread(all, b!)) && isWaiting(thread(all, c!)), 'one at work, two waiting');
    expect(thread(ts, c!).activity).toBe('Waiting for a slot (1 running, max 1)');

    await call(fleet, 'thread.interrupt', { threadId: b! });
    ts = await statuses(fleet, (all) => thread(all, b!).status === 'failed', 'B cancelled');
    expect(thread(ts, b!).error).toContain('waited for a slot');
    expect(existsSync(thread(ts, b!).worktreePath)).toBe(false);
    expect(isWaiting(thread(ts, c!))).toBe(true);

    const info = await call(fleet, 'settings.setDefaults', { approvalMode: null, maxAgents: 2, turnTimeoutMinutes: 30, commandTimeoutSeconds: null });
    expect(info.maxAgents).toBe(2);
    ts = await statuses(fleet, (all) => isWorking(thread(all, c!)), 'C started once max agents was raised');
    expect(isWorking(thread(ts, a!))).toBe(true);
    for (const id of [a!, c!]) finish(thread(ts, id));
    await statuses(fleet, (all) => thread(all, a!).status === 'done' && thread(all, c!).status === 'done', 'A and C done');
  });
});
