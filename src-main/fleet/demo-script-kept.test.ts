/**
 * A demo thread keeps its task's script: after a fleet restart (the script file gone) the
 * restored built-in thread replays it, not the bundled default. fleet-codex-control.test.ts checks
 * the same for a Codex thread.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WORKER, waitForEvent, waitForThread } from './test-support/fleet-control-support';
import { createFleetFixture, type FleetFixture } from './test-support/fleet-fixture';
import { call, threadEvents } from './test-support/fleet-test-support';

describe("a demo thread's script across a restart", () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  it('replays the task script after the fleet restarts, its file removed', async () => {
    const demoScript = join(fx.scriptsDir, 'kept.json');
    writeFileSync(demoScript, JSON.stringify({ name: 'kept', responses: [
      { when: { lastUserMessageIncludes: 'first' }, output: [{ type: 'message', text: 'First answer.' }] },
      { when: { lastUserMessageIncludes: 'again' }, output: [{ type: 'message', text: 'Answered from the kept script.' }] },
    ] }));
    const first = await fx.openFleet({ forceDemo: true, workerEntry: WORKER });
    const run = await call(first, 'task.run', { repoPath: fx.repo, prompt: 'The first turn', agents: 1, demoScript });
    const id = run.threads[0]!.id;
    await waitForThread(first, id, (t) => t.status === 'done', 'the first turn');
    const lastSeq = (await threadEvents(first, id)).at(-1)!.seq;
    await first.dispose();
    rmSync(demoScript);

    const second = await fx.openFleet({ forceDemo: true, workerEntry: WORKER });
    await call(second, 'thread.send', { threadId: id, text: 'Answer again', mode: 'queue' });
    const events = await waitForEvent(second, id, (e) => e.msg.type === 'turn_completed' && e.seq > lastSeq, 'the second turn');
    expect(events.filter((e) => e.msg.type === 'turn_completed').at(-1)?.msg).toMatchObject({ summary: 'Answered from the kept script.' });
  });
});
