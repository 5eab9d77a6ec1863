/**
 * The terminal path end to end: the real worker's pty (in its sandbox), the worker protocol, the
 * fleet's headless screen and flow control, and views attached through the client API.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processAlive } from '../../terminal/process-group';
import { execStep, messageStep, runScripted, until, waitForThread, workerPid } from '../test-support/fleet-control-support';
import { TEST_API_KEY } from '../test-support/fleet-fixture';
import { useDemoFleet } from '../test-support/demo-fleet';
import type { FleetService } from '../fleet-service';
import { call } from '../test-support/fleet-test-support';
import { agentTerminalId } from './index';
import { expectedYesOutput, StreamMatcher } from './stream-matcher';
import { TestTerminalView } from '../test-support/terminal-test-support';

/** 200 MB by default; FLOTILLA_TERMINAL_TEST_MB says otherwise. */
const STREAM_BYTES = Number(process.env.FLOTILLA_TERMINAL_TEST_MB ?? 200) * 1_000_000;
const LINE = 'abcdefghijklmnopqrstuvwxyz0123456789';

describe('the terminal path', () => {
  const demoFleet = useDemoFleet();

  async function finishedThread(fleet: FleetService, name: string, steps: unknown[] = [messageStep('Ready.')]): Promise<string> {
    const id = await runScripted(fleet, demoFleet.fx, name, 'Work', steps);
    await waitForThread(fleet, id, (t) => t.status === 'done', 'the first turn');
    return id;
  }

  async function openAgentView(fleet: FleetService, threadId: string, keep = true, onData?: (d: string) => void) {
    const info = await call(fleet, 'terminal.open', { threadId, kind: 'agent' });
    expect(info).toMatchObject({ terminalId: agentTerminalId(threadId), kind: 'agent', sandboxed: true });
    const view = await new TestTerminalView(fleet, info.terminalId, { keep, onData }).attach();
    await view.until((v) => /[$#] /.test(v.shown), 'the prompt');
    return view;
  }

  it(`carries ${STREAM_BYTES / 1e6} MB byte-exact with flow control engaged`, async () => {
    const fleet = await demoFleet.open();
    const id = await finishedThread(fleet, 'flood');
    const expected = expectedYesOutput(LINE, STREAM_BYTES);
    const matcher = new StreamMatcher('BEGIN\r\n', expected.length);
    const view = await openAgentView(fleet, id, process.env.FLOTILLA_TERMINAL_TEST_KEEP === '1', (data) => matcher.push(data));
    const started = Date.now();
    // The markers are split in the typed line, so its echo never matches them.
    await view.type(`printf 'BEG''IN\\n'; yes ${LINE} | head -c ${STREAM_BYTES}; printf 'E''ND\\n'\r`);
    await view.until(() => matcher.done, 'the whole stream', 120_000).catch((error: unknown) => {
      throw new Error(`${String(error)} (received ${view.received} characters)`);
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(`terminal: ${STREAM_BYTES / 1e6} MB in ${seconds.toFixed(1)} s (${(STREAM_BYTES / 1e6 / seconds).toFixed(1)} MB/s)`);
    expect(matcher.digest).toBe(expected.digest);
    expect(matcher.after.startsWith('END\r\n')).toBe(true);
    const [terminal] = (await call(fleet, 'terminal.list', { threadId: id })).terminals;
    expect(terminal!.pauses).toBeGreaterThan(0);
  }, 150_000);

  it('shows the current screen to a view that reconnects mid-stream, then continues it', async () => {
    const fleet = await demoFleet.open();
    const id = await finishedThread(fleet, 'reconnect');
    const first = await openAgentView(fleet, id);
    await first.type("for i in $(seq 1 400); do echo line-$i; sleep 0.005; done; echo 'all''-done'\r");
    await first.until((v) => v.text.includes('line-100\r\n'), 'the loop to be under way');
    await first.detach();
    const second = await new TestTerminalView(fleet, first.terminalId).attach();
    // The screen it was given holds the latest lines: a bounded view of the past, not the stream.
    const lastOnScreen = Math.max(...[...second.screen.matchAll(/line-(\d+)/g)].map((m) => Number(m[1])));
    expect(lastOnScreen).toBeGreaterThanOrEqual(100);
    await second.until((v) => v.text.includes('all-done'), 'the loop to end');
    // Every line after the screen's last one arrives in the stream, in order, none missing.
    const streamed = [...second.text.matchAll(/line-(\d+)\r\n/g)].map((m) => Number(m[1]));
    const expectedLines = Array.from({ length: 400 - lastOnScreen }, (_, i) => lastOnScreen + 1 + i);
    expect(streamed.filter((n) => n > lastOnScreen)).toEqual(expectedLines);
  }, 90_000);

  it("holds the agent's next command while the user's own command runs in its shell", async () => {
    const fleet = await demoFleet.open();
    const steps = [messageStep('Ready.'), execStep('echo agent-ran > agent-ran.txt'), messageStep('Done.')];
    const id = await finishedThread(fleet, 'share', steps);
    const worktree = (await call(fleet, 'threads.list', {})).find((t) => t.id === id)!.worktreePath;
    const view = await openAgentView(fleet, id);
    await view.type("touch user-started; while [ ! -e go ]; do sleep 0.1; done; echo 'user''-finished'\r");
    await until(() => existsSync(join(worktree, 'user-started')), "the user's command to start");
    await view.until((v) => v.info?.userCommand === true, "the terminal to say the user's command runs");

    await call(fleet, 'thread.send', { threadId: id, text: 'Run it', mode: 'queue' });
    await view.until((v) => v.info?.agentWaiting === true, 'the agent to wait for the user');
    expect(existsSync(join(worktree, 'agent-ran.txt'))).toBe(false);

    writeFileSync(join(worktree, 'go'), '');
    await waitForThread(fleet, id, (t) => t.status === 'done' && existsSync(join(worktree, 'agent-ran.txt')), 'the agent command');
    await view.until((v) => v.text.includes('agent-ran'), "the agent's command in the terminal");
    expect(view.text.indexOf('user-finished')).toBeLessThan(view.text.indexOf('echo agent-ran'));
    expect(view.info).toMatchObject({ userCommand: false, agentWaiting: false });
  }, 90_000);

  it("brings a finished thread's shell back when its terminal is opened after its worker exited", async () => {
    const fleet = await demoFleet.open({ idleWorkerGraceMs: 300 });
    const id = await finishedThread(fleet, 'comeback');
    const firstPid = await workerPid(fleet, id);
    await until(() => !processAlive(firstPid), 'the idle worker to exit');

    const view = await openAgentView(fleet, id);
    await view.type('echo back-$((2+3))\r');
    await view.until((v) => v.text.includes('back-5'), 'the command to run in the shell brought back');
    // The terminal's bytes travel apart from the thread's events: the new worker's `ready` may be
    // logged a moment after its shell already answered.
    await expect.poll(() => workerPid(fleet, id), { timeout: 30_000 }).not.toBe(firstPid);
  }, 90_000);

  it("opens a shell of the user's own, outside the sandbox, with known secrets redacted from what it shows", async () => {
    const fleet = await demoFleet.open();
    const id = await finishedThread(fleet, 'own-shell');
    const info = await call(fleet, 'terminal.open', { threadId: id, kind: 'user' });
    expect(info).toMatchObject({ kind: 'user', sandboxed: false });
    const view = await new TestTerminalView(fleet, info.terminalId).attach();
    // Flotilla's data dir is hidden from the agents' sandbox; the user's own shell sees it.
    await view.type(`ls '${demoFleet.fx.dataDir}'; echo "key=$FLOTILLA_TEST_KEY"; echo 'own''-done'\r`);
    await view.until((v) => v.text.includes('own-done'), 'the commands to run');
    expect(view.text).toContain('settings.json');
    expect(view.text).toContain('key=[redacted');
    expect(view.text).not.toContain(TEST_API_KEY);
    const listed = await call(fleet, 'terminal.list', { threadId: id });
    expect(listed.terminals.map((t) => t.kind).sort()).toEqual(['agent', 'user']);
    await call(fleet, 'terminal.close', { terminalId: info.terminalId });
  }, 60_000);

  it("refuses, without touching the thread's status, to open the shell of a thread whose worktree is gone", async () => {
    const fleet = await demoFleet.open();
    const id = await finishedThread(fleet, 'gone');
    await call(fleet, 'thread.discard', { threadId: id, force: true });
    const before = (await call(fleet, 'threads.list', {})).find((t) => t.id === id)!;
    const opened = await fleet.call('terminal.open', { threadId: id, kind: 'agent' });
    expect(opened.ok).toBe(false);
    const own = await fleet.call('terminal.open', { threadId: id, kind: 'user' });
    expect(own.ok).toBe(false);
    const after = (await call(fleet, 'threads.list', {})).find((t) => t.id === id)!;
    expect({ status: after.status, error: after.error }).toEqual({ status: before.status, error: before.error });
  }, 60_000);
});
