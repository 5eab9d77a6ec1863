/**
 * Pause and resume repeated at varied moments of a running command, with real workers and their
 * real (sandboxed) shells: right after the command starts, mid-run, after its processes are seen
 * stopped, and across the command's yield. Every resume must be acknowledged at once (its
 * "Resumed" comes before anything the command does next), must leave no process of the command
 * stopped, and the turn must always finish. Process states come from /proc.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ThreadEvent } from '../../src-shared/protocol/thread-events';
import { descendants, messageStep, runScripted, until, waitForThread, workerPid } from './test-support/fleet-control-support';
import { useDemoFleet } from './test-support/demo-fleet';
import type { FleetService } from './fleet-service';
import { call, threadEvents } from './test-support/fleet-test-support';

const COMMANDS = 8;
const ROUNDS = 4;
/** Only a failure detector: a continued command leaves state T within milliseconds. */
const CONTINUE_BOUND_MS = 10_000;

/** Prints until the test creates `go-<n>`: no timing decides when it ends. */
function tickingCommand(n: number): string {
  return `while [ ! -e go-${n} ]; do echo tick; sleep 0.05; done; echo finished ${n}`;
}

function execStep(n: number, yieldMs: number): unknown {
  return { output: [{ type: 'function_call', name: 'exec_command', arguments: { cmd: tickingCommand(n), yield_time_ms: yieldMs } }] };
}

function pollStep(sessionId: number): unknown {
  return { output: [{ type: 'function_call', name: 'write_stdin', arguments: { session_id: sessionId, chars: '', yield_time_ms: 300_000 } }] };
}

type CommandItem = Extract<ThreadEvent['msg'], { type: 'item_completed' }>['item'] & { type: 'command' };

function commandEvents(events: ThreadEvent[], n: number, phase: 'item_started' | 'item_completed'): Array<{ seq: number; item: CommandItem }> {
  return events.flatMap((e) =>
    e.msg.type === phase && e.msg.item.type === 'command' && e.msg.item.command === tickingCommand(n) ? [{ seq: e.seq, item: e.msg.item }] : [],
  );
}

const isResumed = (e: ThreadEvent): boolean => e.msg.type === 'status_changed' && e.msg.activity === 'Resumed';

async function waitForEvents(fleet: FleetService, id: string, test: (events: ThreadEvent[]) => boolean, what: string): Promise<ThreadEvent[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const events = await threadEvents(fleet, id);
    if (test(events)) return events;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The same varied delays every run: a linear congruential sequence from a fixed seed. */
function delays(seed: number): (max: number) => number {
  let state = seed;
  return (max) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % (max + 1);
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('pause and resume during a running command', () => {
  const demoFleet = useDemoFleet();
  let fleet: FleetService;
  beforeEach(async () => {
    fleet = await demoFleet.open();
  });

  /** Pauses, waits `pausedMs`, resumes; then the command's processes must all run again. */
  async function pauseAndResume(id: string, worker: number, pausedMs: number, what: string): Promise<void> {
    await call(fleet, 'thread.pause', { threadId: id });
    if (pausedMs < 0) await until(() => descendants(worker).some((p) => p.state === 'T'), `${what}: a process to stop`, CONTINUE_BOUND_MS);
    else await sleep(pausedMs);
    const before = (await threadEvents(fleet, id)).at(-1)?.seq ?? 0;
    await call(fleet, 'thread.resume', { threadId: id });
    // The Resumed is the first thing after the resume: nothing the command did came between.
    const events = await waitForEvents(fleet, id, (all) => all.some((e) => e.seq > before && isResumed(e)), `${what}: Resumed`);
    const resumed = events.findIndex((e) => e.seq > before && isResumed(e));
    const between = events.slice(0, resumed).filter((e) => e.seq > before && e.msg.type !== 'item_delta' && e.msg.type !== 'status_changed');
    expect(between, `${what}: events before Resumed`).toEqual([]);
    await until(() => descendants(worker).every((p) => p.state !== 'T'), `${what}: every process to run again`, CONTINUE_BOUND_MS);
  }

  it('every resume is acknowledged at once and continues the command; the turn finishes', async () => {
    const steps = [...Array.from({ length: COMMANDS }, (_, i) => execStep(i + 1, 30_000)), messageStep('All done.')];
    const id = await runScripted(fleet, demoFleet.fx, 'pause-race', 'Tick', steps);
    const worktree = (await call(fleet, 'threads.list', {})).find((t) => t.id === id)!.worktreePath;
    const random = delays(7);
    for (let n = 1; n <= COMMANDS; n += 1) {
      await waitForEvents(fleet, id, (events) => commandEvents(events, n, 'item_started').length > 0, `command ${n} to start`);
      const worker = await workerPid(fleet, id);
      // Right at the start (the line may not be typed yet), then at varied moments mid-run, once
      // only after a process is seen stopped.
      await pauseAndResume(id, worker, 0, `command ${n} at its start`);
      for (let round = 0; round < ROUNDS; round += 1) {
        await sleep(random(400));
        await pauseAndResume(id, worker, round === ROUNDS - 1 ? -1 : random(300), `command ${n} round ${round}`);
      }
      const events = await threadEvents(fleet, id);
      // Nothing of the command happened between a resume and its Resumed: it never yielded meanwhile.
      expect(commandEvents(events, n, 'item_completed'), `command ${n} still running`).toEqual([]);
      writeFileSync(join(worktree, `go-${n}`), '');
    }
    await waitForThread(fleet, id, (t) => t.status === 'done', 'the turn to complete');
    const events = await threadEvents(fleet, id);
    for (let n = 1; n <= COMMANDS; n += 1) {
      expect(commandEvents(events, n, 'item_completed').map((c) => c.item.exitCode)).toEqual([0]);
    }
  });

  it('a command that yields while paused runs on after resume, and a poll sees it finish', async () => {
    const steps = [...Array.from({ length: COMMANDS / 2 }, (_, i) => [execStep(i + 1, 250), pollStep(i + 1)]).flat(), messageStep('All done.')];
    const id = await runScripted(fleet, demoFleet.fx, 'pause-yield', 'Tick', steps);
    const worktree = (await call(fleet, 'threads.list', {})).find((t) => t.id === id)!.worktreePath;
    for (let n = 1; n <= COMMANDS / 2; n += 1) {
      await waitForEvents(fleet, id, (events) => commandEvents(events, n, 'item_started').length > 0, `command ${n} to start`);
      const worker = await workerPid(fleet, id);
      await call(fleet, 'thread.pause', { threadId: id });
      // The yield passes while paused: exec_command answers with a session id, the turn holds.
      await waitForEvents(fleet, id, (events) => commandEvents(events, n, 'item_completed').some((c) => c.item.sessionId !== null), `command ${n} to yield`);
      await call(fleet, 'thread.resume', { threadId: id });
      await until(() => descendants(worker).every((p) => p.state !== 'T'), `command ${n} to run again`, CONTINUE_BOUND_MS);
      writeFileSync(join(worktree, `go-${n}`), '');
      await waitForEvents(fleet, id, (events) => commandEvents(events, n, 'item_completed').some((c) => c.item.exitCode === 0), `command ${n} to finish`);
    }
    await waitForThread(fleet, id, (t) => t.status === 'done', 'the turn to complete');
  });
});
