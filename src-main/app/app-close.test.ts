// Closing the built app (dist/main/app.cjs, fake electron) while demo agents run: the question,
// and what each answer does to the real fleet and its workers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientEventSchema } from '../../src-shared/protocol/api';
import { IPC_EVENT_CHANNEL } from '../../src-shared/protocol/wire';
import type { ThreadStatus } from '../../src-shared/domain/thread';
import { waitFor } from '../server/test-support/ws-test-client';
import { makeRepo, startFakeElectronApp, type FakeElectronApp } from './test-support/fake-electron-app';

const PAUSE = 0;
const STOP = 2;
const KEEP_RUNNING = 1;
const CANCEL = 3;

/** The latest status of every thread, from the events the app pushed to its window. */
function statuses(app: FakeElectronApp): Map<string, ThreadStatus> {
  const latest = new Map<string, ThreadStatus>();
  for (const r of app.reports) {
    if (r.type !== 'push' || r.channel !== IPC_EVENT_CHANNEL) continue;
    for (const thread of ClientEventSchema.parse(r.payload).threads) latest.set(thread.id, thread.status);
  }
  return latest;
}

const count = (app: FakeElectronApp, type: string) => app.reports.filter((r) => r.type === type).length;

describe('closing the app while agents run', () => {
  let base: string;
  let app: FakeElectronApp | null = null;

  const launch = async () => {
    base = mkdtempSync(join(tmpdir(), 'flotilla-app-close-'));
    const started = startFakeElectronApp(base, makeRepo(base));
    app = started;
    await waitFor(() => count(started, 'loadURL') === 1, 30_000, 'the window to load');
    return { app: started, repo: join(base, 'repo') };
  };
  afterEach(() => {
    if (app && app.process.exitCode === null) app.process.kill('SIGKILL');
    app = null;
    rmSync(base, { recursive: true, force: true });
  });

  it('asks; Cancel keeps everything; "Stop them and quit" interrupts the agents and exits', async () => {
    const { app, repo } = await launch();
    // Suggest mode: each agent waits for approval of its first command, so both stay running.
    expect(await app.call('task.run', { repoPath: repo, prompt: 'Add a note', agents: 2, approvalMode: 'suggest' })).toMatchObject({ ok: true });
    await waitFor(() => [...statuses(app).values()].filter((s) => s === 'waiting').length === 2, 60_000, 'both agents to wait');

    app.send({ type: 'close' });
    await waitFor(() => count(app, 'messageBox') === 1, 30_000, 'the question');
    expect(app.reports.find((r) => r.type === 'messageBox')).toMatchObject({
      message: '2 agents are still working.',
      buttons: ['Pause them and quit', 'Keep running in the background', 'Stop them and quit', 'Cancel'],
    });
    app.send({ type: 'answer', response: CANCEL });
    // The window is still there and still answers.
    expect(await app.call('threads.list', {})).toMatchObject({ ok: true });
    expect(count(app, 'windowClosed')).toBe(0);

    app.send({ type: 'quit' });
    await waitFor(() => count(app, 'messageBox') === 2, 30_000, 'the question again');
    app.send({ type: 'answer', response: STOP });
    await waitFor(() => [...statuses(app).values()].every((s) => s === 'interrupted'), 30_000, 'the agents to be interrupted');
    expect(await app.exited).toBe(0);
    expect(count(app, 'messageBox')).toBe(2);
  });

  it('"Pause them and quit" pauses the agents and exits', async () => {
    const { app, repo } = await launch();
    expect(await app.call('task.run', { repoPath: repo, prompt: 'Add a note', agents: 1, approvalMode: 'suggest' })).toMatchObject({ ok: true });
    await waitFor(() => [...statuses(app).values()].includes('waiting'), 60_000, 'the agent to wait');
    app.send({ type: 'quit' });
    await waitFor(() => count(app, 'messageBox') === 1, 30_000, 'the question');
    app.send({ type: 'answer', response: PAUSE });
    expect(await app.exited).toBe(0);
    expect(count(app, 'messageBox')).toBe(1);
  });

  it('"Keep running in the background" closes the window, then quits and notifies when the agents finish', async () => {
    const { app, repo } = await launch();
    expect(await app.call('task.run', { repoPath: repo, prompt: 'Take your time', agents: 1, demoScript: 'slow' })).toMatchObject({ ok: true });
    await waitFor(() => [...statuses(app).values()].includes('working'), 60_000, 'the agent to work');

    app.send({ type: 'close' });
    await waitFor(() => count(app, 'messageBox') === 1, 30_000, 'the question');
    expect(app.reports.find((r) => r.type === 'messageBox')).toMatchObject({ message: '1 agent is still working.' });
    app.send({ type: 'answer', response: KEEP_RUNNING });
    await waitFor(() => count(app, 'windowClosed') === 1, 30_000, 'the window to close');
    expect(app.process.exitCode).toBeNull();

    expect(await app.exited).toBe(0);
    expect(app.reports.filter((r) => r.type === 'notification')).toEqual([{ type: 'notification', title: 'Flotilla finished 1 agent' }]);
  });
});
