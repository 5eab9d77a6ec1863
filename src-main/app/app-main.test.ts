// The built Electron main (dist/main/app.cjs, built by the vitest global setup) under plain Node,
// with `electron` replaced by fake-electron.ts: the real fleet, real workers and the demo model,
// driven through the IPC transport exactly as the preload's bridge would.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEventSchema, IPC_EVENT_CHANNEL } from '../../src-shared/protocol/api';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import { waitFor } from '../server/ws-test-client';
import type { FakeElectronCommand, FakeElectronReport } from './fake-electron';
import { installFakeElectron, makeRepo } from './fake-electron-app';

const DIST = join(__dirname, '..', '..', 'dist');

describe('dist/main/app.cjs with a fake electron', () => {
  let base: string;
  let repo: string;
  let app: ChildProcess;
  const reports: FakeElectronReport[] = [];
  let nextId = 1;

  const call = async (command: string, params: unknown): Promise<unknown> => {
    const id = nextId++;
    app.send({ type: 'call', id, command, params } satisfies FakeElectronCommand);
    await waitFor(() => reports.some((r) => r.type === 'result' && r.id === id), 30_000, `${command} result`);
    const found = reports.find((r) => r.type === 'result' && r.id === id);
    return found?.type === 'result' ? found.result : undefined;
  };

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'flotilla-app-'));
    repo = makeRepo(base);
    const hook = installFakeElectron(base);
    app = fork(join(DIST, 'main', 'app.cjs'), ['--repo', repo], {
      execArgv: ['--require', hook],
      env: { ...process.env, FLOTILLA_HOME: join(base, 'home'), FLOTILLA_DEMO: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    app.on('message', (message: FakeElectronReport) => reports.push(message));
  });
  afterAll(() => {
    if (app.exitCode === null) app.kill('SIGKILL');
    rmSync(base, { recursive: true, force: true });
  });

  it('opens a sandboxed window on the built renderer, with the preload and a CSP', async () => {
    await waitFor(() => reports.some((r) => r.type === 'loadFile'), 30_000, 'the window to load');
    expect(reports.find((r) => r.type === 'loadFile')).toEqual({ type: 'loadFile', file: join(DIST, 'renderer', 'index.html') });
    expect(reports.find((r) => r.type === 'window')).toMatchObject({
      webPreferences: { preload: join(DIST, 'main', 'preload.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
    });
    const csp = reports.find((r) => r.type === 'csp');
    expect(csp?.type === 'csp' && csp.policy).toContain("script-src 'self'");
  });

  it('answers app.info over IPC with the --repo and the data dir', async () => {
    expect(await call('app.info', {})).toMatchObject({
      ok: true,
      value: { initialRepo: repo, demoMode: true, dataDir: join(base, 'home'), canPickFolder: true },
    });
  });

  it('runs demo agents in "utility processes" and pushes their events to the window', async () => {
    const started = await call('task.run', { repoPath: repo, prompt: 'Add a note', agents: 2 });
    expect(started).toMatchObject({ ok: true });
    const latest = new Map<string, ThreadSummary>();
    const seen = { count: 0 };
    await waitFor(
      () => {
        for (const r of reports.slice(seen.count)) {
          if (r.type !== 'push' || r.channel !== IPC_EVENT_CHANNEL) continue;
          for (const thread of ClientEventSchema.parse(r.payload).threads) latest.set(thread.id, thread);
        }
        seen.count = reports.length;
        return latest.size === 2 && [...latest.values()].every((t) => t.status === 'done');
      },
      60_000,
      'both agents to finish',
    );
    const forks = reports.filter((r) => r.type === 'fork');
    expect(forks).toHaveLength(2);
    expect(forks[0]).toMatchObject({ entry: join(DIST, 'main', 'worker.cjs'), serviceName: expect.stringMatching(/^Flotilla agent /) });
  });

  it('stops the fleet and exits when the app quits, without asking when no agent runs', async () => {
    const exited = new Promise<number | null>((resolve) => app.once('exit', (code) => resolve(code)));
    app.send({ type: 'quit' } satisfies FakeElectronCommand);
    expect(await exited).toBe(0);
    expect(reports.filter((r) => r.type === 'messageBox')).toEqual([]);
  });
});
