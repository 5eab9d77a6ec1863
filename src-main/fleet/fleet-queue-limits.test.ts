/**
 * Queued messages (edit, drop, delivery) and the time limits of turns and commands, with real
 * workers and the demo model; what reached the model is read from the server's recorded requests.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyTranscript, applyThreadEvent } from '../../src-shared/transcript';
import {
  execStep,
  isCommandStart,
  messageStep,
  requestBodies,
  runScripted,
  WAIT_FOR_GO,
  waitForEvent,
  waitForThread,
  } from './test-support/fleet-control-support';
import { writeSettings } from './test-support/fleet-fixture';
import { useDemoFleet } from './test-support/demo-fleet';
import type { FleetService } from './fleet-service';
import { call, threadEvents } from './test-support/fleet-test-support';

describe('queued messages and time limits', () => {
  const demoFleet = useDemoFleet();
  const open = (): Promise<FleetService> => demoFleet.open();

  it('delivers the edited text of a queued message and never the dropped one', async () => {
    const fleet = await open();
    const id = await runScripted(fleet, demoFleet.fx, 'queue', 'Wait for go', [execStep(WAIT_FOR_GO), messageStep('First turn done.'), messageStep('Second turn done.')]);
    await waitForEvent(fleet, id, isCommandStart, 'the command to start');
    const alpha = await call(fleet, 'thread.send', { threadId: id, text: 'alpha original', mode: 'queue' });
    const bravo = await call(fleet, 'thread.send', { threadId: id, text: 'bravo to be dropped', mode: 'queue' });
    const charlie = await call(fleet, 'thread.send', { threadId: id, text: 'charlie as sent', mode: 'queue' });
    expect(new Set([alpha.messageId, bravo.messageId, charlie.messageId]).size).toBe(3);
    await call(fleet, 'thread.queue.edit', { threadId: id, messageId: alpha.messageId, text: 'alpha edited' });
    await call(fleet, 'thread.queue.remove', { threadId: id, messageId: bravo.messageId });
    const queued = await waitForThread(fleet, id, (t) => t.queue.length === 2, 'the queue to show the edit');
    expect(queued.queue).toEqual([
      { id: alpha.messageId, text: 'alpha edited' },
      { id: charlie.messageId, text: 'charlie as sent' },
    ]);
    const gone = await fleet.handle('thread.queue.edit', { threadId: id, messageId: bravo.messageId, text: 'too late' });
    expect(gone.ok ? null : gone.error.code).toBe('not_found');

    writeFileSync(join(queued.worktreePath, 'go'), '');
    await waitForEvent(fleet, id, (e) => e.msg.type === 'turn_completed' && e.msg.summary === 'Second turn done.', 'the queued turn');
    const done = await waitForThread(fleet, id, (t) => t.status === 'done', 'done');
    expect(done.queue).toEqual([]);
    const bodies = requestBodies(demoFleet.demo, id);
    expect(bodies.length).toBe(3);
    expect(bodies[2]).toContain('alpha edited');
    expect(bodies[2]).toContain('charlie as sent');
    expect(bodies.some((b) => b.includes('alpha original') || b.includes('bravo to be dropped'))).toBe(false);

    // The transcript shows each queued message once, with what became of it.
    const events = await threadEvents(fleet, id);
    const transcript = events.reduce(applyThreadEvent, emptyTranscript());
    const users = transcript.items.filter((item) => item.type === 'user_message');
    expect(users.map((u) => [u.text, u.type === 'user_message' ? u.delivery : null])).toEqual([
      ['Wait for go', undefined],
      ['alpha edited', 'delivered'],
      ['bravo to be dropped', 'dropped'],
      ['charlie as sent', 'delivered'],
    ]);
    const states = events.flatMap((e) => (e.msg.type === 'message_state' ? [`${e.msg.messageId === alpha.messageId ? 'alpha' : e.msg.messageId === bravo.messageId ? 'bravo' : 'charlie'}:${e.msg.state}`] : []));
    expect(states).toEqual(['alpha:queued', 'bravo:queued', 'charlie:queued', 'alpha:edited', 'bravo:dropped', 'alpha:delivered', 'charlie:delivered']);
  });

  it('stops a turn that runs past turnTimeoutMinutes with a clear error', async () => {
    writeSettings(demoFleet.fx.dataDir, { turnTimeoutMinutes: 0.02 });
    const fleet = await open();
    const id = await runScripted(fleet, demoFleet.fx, 'turn-limit', 'Wait forever', [execStep(WAIT_FOR_GO), messageStep('never')]);
    await waitForEvent(fleet, id, (e) => e.msg.type === 'turn_aborted' && e.msg.reason === 'error', 'the turn limit');
    const failed = await waitForThread(fleet, id, (t) => t.status === 'failed', 'failed');
    expect(failed.error).toBe('Turn stopped after 0.02 minutes (turnTimeoutMinutes in settings.json).');
    expect(requestBodies(demoFleet.demo, id)).toHaveLength(1);
  });

  it('kills a command that runs past commandTimeoutSeconds and tells the model', async () => {
    writeSettings(demoFleet.fx.dataDir, { commandTimeoutSeconds: 1 });
    const fleet = await open();
    const id = await runScripted(fleet, demoFleet.fx, 'command-limit', 'Wait forever', [execStep(WAIT_FOR_GO), messageStep('It timed out.')]);
    await waitForThread(fleet, id, (t) => t.status === 'done', 'the turn to go on after the timeout');
    const bodies = requestBodies(demoFleet.demo, id);
    expect(bodies[1]).toContain('The command timed out after 1 s (commandTimeoutSeconds) and was killed.');
  });
});
