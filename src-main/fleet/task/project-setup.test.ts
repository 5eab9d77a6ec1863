/**
 * flotilla.json's setup with the real worker, its real pty shell in its sandbox, and real git:
 * it runs in the agent's shell before the agent starts, a failure stops the agent with its
 * output shown, Retry after a fix and Skip both start it.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execStep, messageStep, runScripted, waitForThread } from '../test-support/fleet-control-support';
import { type FleetFixture } from '../test-support/fleet-fixture';
import { useDemoFleet } from '../test-support/demo-fleet';
import { call, threadEvents } from '../test-support/fleet-test-support';
import { TestTerminalView } from '../test-support/terminal-test-support';

const demoFleet = useDemoFleet();

function commitFlotillaJson(config: object): void {
  writeFileSync(join(demoFleet.fx.repo, 'flotilla.json'), JSON.stringify(config));
  writeFileSync(join(demoFleet.fx.repo, '.gitignore'), 'node_modules/\nready.flag\n');
  execFileSync('git', ['add', '-A'], { cwd: demoFleet.fx.repo });
  execFileSync('git', ['-c', 'user.email=t@flotilla.test', '-c', 'user.name=T', 'commit', '-q', '-m', 'flotilla.json'], { cwd: demoFleet.fx.repo });
}

async function commandOutputs(fleet: Awaited<ReturnType<FleetFixture['openFleet']>>, threadId: string): Promise<string[]> {
  return (await threadEvents(fleet, threadId)).flatMap((e) => (e.msg.type === 'item_completed' && e.msg.item.type === 'command' ? [e.msg.item.output] : []));
}

/** Installs a dependency from a local folder, no network: what `npm ci` is to a real project. */
const INSTALL = "mkdir -p node_modules/greet && echo 'module.exports = () => \"hello from greet\";' > node_modules/greet/index.js";
const USE = execStep(`node -e "console.log(require('greet')())"`);
const CHECK_FLAG = "sh -c 'test -f ready.flag || { echo missing-ready-flag; exit 3; }'";

describe('flotilla.json setup', () => {
  it("runs in the agent's shell before the agent starts, so the agent can use what it installed", async () => {
    commitFlotillaJson({ setup: [INSTALL] });
    const fleet = await demoFleet.open();
    const id = await runScripted(fleet, demoFleet.fx, 'setup-installs', 'Use greet', [USE, messageStep('Done.')]);
    await waitForThread(fleet, id, (t) => t.status === 'done', 'the agent');
    expect((await commandOutputs(fleet, id)).join('\n')).toContain('hello from greet');
  }, 90_000);

  it('stops the agent on a failed setup with its output shown; Retry after a fix starts it', async () => {
    commitFlotillaJson({ setup: [CHECK_FLAG] });
    const fleet = await demoFleet.open();
    const id = await runScripted(fleet, demoFleet.fx, 'setup-fails', 'Work', [execStep('cat ready.flag'), messageStep('Done.')]);
    const failed = await waitForThread(fleet, id, (t) => t.status === 'failed', 'the setup to fail');
    expect(failed.error).toMatch(/^Setup failed \(sh -c .*\): it exited with code 3\./);
    expect(failed.error).toContain('missing-ready-flag');
    expect(await commandOutputs(fleet, id)).toEqual([]);

    writeFileSync(join(failed.worktreePath, 'ready.flag'), 'ready\n');
    await call(fleet, 'thread.setupRetry', { threadId: id });
    await waitForThread(fleet, id, (t) => t.status === 'done', 'the agent after the retry');
    expect((await commandOutputs(fleet, id)).join('\n')).toContain('ready');
  }, 90_000);

  it('starts the agent without the failed setup on Skip, and refuses Retry or Skip once it ran', async () => {
    commitFlotillaJson({ setup: [CHECK_FLAG] });
    const fleet = await demoFleet.open();
    const id = await runScripted(fleet, demoFleet.fx, 'setup-skipped', 'Work', [messageStep('Done without it.')]);
    await waitForThread(fleet, id, (t) => t.status === 'failed', 'the setup to fail');
    await call(fleet, 'thread.setupSkip', { threadId: id });
    await waitForThread(fleet, id, (t) => t.status === 'done', 'the agent after the skip');
    const again = await fleet.call('thread.setupRetry', { threadId: id });
    expect(again.ok ? null : again.error.code).toBe('invalid_state');
  }, 90_000);

  it('stops a setup that runs longer than setupTimeoutSeconds, and says so; Skip then starts the agent in the same shell', async () => {
    commitFlotillaJson({ setup: 'echo slow-$((1+1))-begins; sleep 600', setupTimeoutSeconds: 5 });
    const fleet = await demoFleet.open();
    const id = await runScripted(fleet, demoFleet.fx, 'setup-slow', 'Work', [execStep('echo agent-after-$((40+2))'), messageStep('Done.')]);
    const failed = await waitForThread(fleet, id, (t) => t.status === 'failed', 'the setup to time out');
    expect(failed.error).toContain('it ran longer than 5 s and was stopped (setupTimeoutSeconds in flotilla.json)');
    expect(failed.error).toContain('slow-2-begins');
    await call(fleet, 'thread.setupSkip', { threadId: id });
    await waitForThread(fleet, id, (t) => t.status === 'done', 'the agent after the skip');
    expect((await commandOutputs(fleet, id)).join('\n')).toContain('agent-after-42');
  }, 90_000);

  it("runs teardown in the thread's shell before a discard removes its worktree, and logs its output", async () => {
    commitFlotillaJson({ teardown: 'echo "teardown-ran-$FLOTILLA_THREAD in $(basename "$PWD")"' });
    const fleet = await demoFleet.open();
    const id = await runScripted(fleet, demoFleet.fx, 'teardown', 'Work', [messageStep('Done.')]);
    await waitForThread(fleet, id, (t) => t.status === 'done', 'the agent');
    await call(fleet, 'thread.discard', { threadId: id, force: true });
    // Expanded by the shell, in the worktree (named after the thread): the typed line alone cannot match.
    expect(demoFleet.fx.logger.lines.join('\n')).toContain(`teardown-ran-${id} in ${id}`);
    expect(demoFleet.fx.logger.lines.join('\n')).toMatch(new RegExp(`Teardown of thread ${id} \\(.*\\) finished`));
  }, 90_000);

  it("starts a named run command in a terminal of its own, listed with the thread's terminals, and stops it on close", async () => {
    commitFlotillaJson({ run: { answer: 'echo "answer-$((6*7))"; sleep 600' } });
    const fleet = await demoFleet.open();
    const id = await runScripted(fleet, demoFleet.fx, 'run-named', 'Work', [messageStep('Done.')]);
    await waitForThread(fleet, id, (t) => t.status === 'done', 'the agent');
    expect(await call(fleet, 'thread.runCommands', { threadId: id })).toEqual({ commands: [{ name: 'answer', command: 'echo "answer-$((6*7))"; sleep 600' }] });
    const info = await call(fleet, 'thread.run', { threadId: id, name: 'answer' });
    expect(info).toMatchObject({ kind: 'user', title: 'answer', sandboxed: false });
    const view = await new TestTerminalView(fleet, info.terminalId).attach();
    await view.until((v) => v.text.includes('answer-42'), 'the run command to print');
    expect((await call(fleet, 'terminal.list', { threadId: id })).terminals.map((t) => t.title)).toContain('answer');
    await call(fleet, 'terminal.close', { terminalId: info.terminalId });
    expect((await call(fleet, 'terminal.list', { threadId: id })).terminals.map((t) => t.title)).not.toContain('answer');
    const missing = await fleet.call('thread.run', { threadId: id, name: 'nope' });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
  }, 90_000);

  it("shows the setup running in the agent's terminal, opened while the thread is still setting up", async () => {
    commitFlotillaJson({ setup: 'while [ ! -e go ]; do sleep 0.1; done; echo "setup-$((40+2))"' });
    const fleet = await demoFleet.open();
    const script = join(demoFleet.fx.scriptsDir, 'setup-watched.json');
    writeFileSync(script, JSON.stringify({ name: 'setup-watched', responses: [messageStep('Done.')] }));
    const started = await fleet.call('task.run', { repoPath: demoFleet.fx.repo, prompt: 'Work', agents: 1, demoScript: script });
    if (!started.ok) throw new Error(started.error.message);
    const thread = started.value.threads[0]!;
    await waitForThread(fleet, thread.id, (t) => t.activity.startsWith('Running setup'), 'the setup to run');
    const info = await call(fleet, 'terminal.open', { threadId: thread.id, kind: 'agent' });
    const view = await new TestTerminalView(fleet, info.terminalId).attach();
    writeFileSync(join(thread.worktreePath, 'go'), '');
    await view.until((v) => v.text.includes('setup-42'), 'the setup output in the terminal');
    await waitForThread(fleet, thread.id, (t) => t.status === 'done', 'the agent after the setup');
  }, 90_000);
});
