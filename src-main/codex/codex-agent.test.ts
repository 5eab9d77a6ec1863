/**
 * The real Codex CLI (the pinned @openai/codex devDependency) as a Flotilla agent, against the demo
 * model server over real HTTP, in real git repositories.
 */
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTempGitRepo } from '../agent/test-support/agent-test-support';
import { startDemoModelServer, type DemoModelServer } from '../demo/server';
import type { DemoScript } from '../demo/script';
import type { AgentEventMsg } from '../../src-shared/protocol/agent';
import { processAlive } from '../terminal/process-group';
import { processState, processTree } from './process-tree';
import { codexConfig, codexMissing, until, makeDataDir, startCodexAgent, type CodexTestAgent } from './test-support/codex-test-support';

const missing = await codexMissing();
const PATCH = '*** Begin Patch\n*** Add File: notes.md\n+written by codex\n*** End Patch';

describe.skipIf(missing !== null)(`the Codex agent kind${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let server: DemoModelServer;
  const cleanups: Array<() => void> = [];
  let counter = 0;

  beforeAll(async () => {
    server = await startDemoModelServer();
  });
  afterAll(() => server.close());
  afterEach(() => {
    for (const dispose of cleanups.splice(0)) dispose();
  });

  function setup(responses: DemoScript['responses'], approvalMode: 'full-auto' | 'auto-edit' | 'suggest' = 'full-auto') {
    const repo = makeTempGitRepo('flotilla-codex-');
    const data = makeDataDir();
    const threadId = `codex-thread-${process.pid}-${++counter}`;
    server.registerScript(threadId, { name: threadId, responses });
    const config = codexConfig({ server, worktreePath: repo.path, dataDir: data.path, threadId, approvalMode });
    const agents: CodexTestAgent[] = [];
    const start = () => {
      const test = startCodexAgent();
      agents.push(test);
      test.send({ type: 'configure', config });
      return test;
    };
    cleanups.push(() => {
      for (const a of agents) a.send({ type: 'shutdown' });
      repo.dispose();
      data.dispose();
    });
    return { repo, config, start, threadId };
  }

  it('completes a scripted task in its worktree, its command and patch visible as items', async () => {
    const { repo, start } = setup([
      { output: [{ type: 'message', text: 'Looking first.' }, { type: 'function_call', name: 'exec_command', arguments: { cmd: 'echo hello > hello.txt && cat hello.txt' } }] },
      { output: [{ type: 'custom_tool_call', name: 'apply_patch', input: PATCH }] },
      { output: [{ type: 'message', text: 'All done.' }] },
    ]);
    const { log, send, terminal } = start();
    await log.waitForMsg('ready');
    send({ type: 'user_input', text: 'Write the files', messageId: 'm1' });
    const done = await log.waitForMsg('turn_completed');
    expect(done.summary).toBe('All done.');
    const completed = log.msgs('item_completed').map((m) => m.item);
    const command = completed.find((i) => i.type === 'command');
    expect(command).toMatchObject({ status: 'completed', exitCode: 0 });
    expect(command?.type === 'command' && command.output).toContain('hello');
    expect(log.msgs('item_delta').some((d) => d.stream === 'output' && d.delta.includes('hello'))).toBe(true);
    const patch = completed.find((i) => i.type === 'patch');
    expect(patch).toMatchObject({ status: 'completed', changes: [{ path: 'notes.md', kind: 'add', additions: 1 }] });
    expect(completed.find((i) => i.type === 'user_message')).toMatchObject({ id: 'm1', text: 'Write the files' });
    expect(readFileSync(join(repo.path, 'notes.md'), 'utf8')).toBe('written by codex\n');
    expect(readFileSync(join(repo.path, 'hello.txt'), 'utf8')).toBe('hello\n');
    expect(log.msgs('usage').length).toBeGreaterThan(0);
    // The agent terminal mirrors what Codex ran: its command line, then its output.
    const screen = terminal.join('');
    expect(screen).toContain("$ /bin/bash -lc 'echo hello > hello.txt && cat hello.txt'\x1b[0m\r\n");
    expect(screen.indexOf('hello\r\n')).toBeGreaterThan(screen.indexOf('$ /bin/bash'));
    // Codex repeats its turn diff after every step: each change is passed on once, while the turn runs.
    const at = (test: (msg: AgentEventMsg) => boolean) => log.events.findIndex((e) => test(e.msg));
    expect(log.msgs('turn_diff_updated')).toHaveLength(1);
    const diffAt = at((m) => m.type === 'turn_diff_updated');
    expect(diffAt).toBeGreaterThan(at((m) => m.type === 'item_completed' && m.item.type === 'patch'));
    expect(diffAt).toBeLessThan(at((m) => m.type === 'turn_completed'));
  });

  it('asks for an approval and runs the command once it is approved', async () => {
    const { repo, start } = setup(
      [
        { output: [{ type: 'function_call', name: 'exec_command', arguments: { cmd: 'touch approved.txt' } }] },
        { output: [{ type: 'message', text: 'Touched.' }] },
      ],
      'auto-edit',
    );
    const { log, send } = start();
    await log.waitForMsg('ready');
    send({ type: 'user_input', text: 'Touch a file' });
    const asked = await log.waitForMsg('approval_requested');
    expect(asked.kind).toBe('command');
    expect(existsSync(join(repo.path, 'approved.txt'))).toBe(false);
    send({ type: 'approval_decision', requestId: asked.requestId, decision: 'approve' });
    await log.waitForMsg('turn_completed');
    expect(log.msgs('approval_resolved')).toMatchObject([{ requestId: asked.requestId, decision: 'approve' }]);
    expect(existsSync(join(repo.path, 'approved.txt'))).toBe(true);
  });

  it('ends the turn when interrupted during a long command, and the next turn works', async () => {
    const { start } = setup([
      { output: [{ type: 'function_call', name: 'exec_command', arguments: { cmd: 'sleep 120', yield_time_ms: 120000 } }] },
      { when: { lastUserMessageIncludes: 'again' }, output: [{ type: 'message', text: 'Second turn answered.' }] },
    ]);
    const { log, send } = start();
    await log.waitForMsg('ready');
    send({ type: 'user_input', text: 'Sleep' });
    await log.waitForMsg('item_started', (m) => m.item.type === 'command');
    send({ type: 'interrupt' });
    expect(await log.waitForMsg('turn_aborted')).toMatchObject({ reason: 'interrupted' });
    const command = log.msgs('item_completed').find((m) => m.item.type === 'command');
    expect(command?.item.type === 'command' && command.item.status).not.toBe('in_progress');
    send({ type: 'user_input', text: 'Try again' });
    expect(await log.waitForMsg('turn_completed')).toMatchObject({ summary: 'Second turn answered.' });
  });

  it('resumes its Codex thread in a new worker (thread/resume)', async () => {
    const { start, threadId } = setup([
      { output: [{ type: 'message', text: 'First answer.' }] },
      { output: [{ type: 'message', text: 'Second answer.' }] },
    ]);
    const first = start();
    const { pid } = (await first.log.waitForMsg('ready')) as { pid: number };
    first.send({ type: 'user_input', text: 'Remember the word pelican' });
    await first.log.waitForMsg('turn_completed');
    first.send({ type: 'shutdown' });
    await first.agent.closed;
    // Closed means Codex has exited (and written its session), not only that it was told to.
    expect(processAlive(pid)).toBe(false);
    const second = start();
    await second.log.waitForMsg('ready');
    second.send({ type: 'user_input', text: 'What was the word?' });
    expect(await second.log.waitForMsg('turn_completed')).toMatchObject({ summary: 'Second answer.' });
    const last = server.requests.filter((r) => r.promptCacheKey === threadId || JSON.stringify(r.body).includes('What was the word?')).at(-1);
    expect(JSON.stringify(last?.body)).toContain('Remember the word pelican');
  });

  describe('with the user\'s own Codex setup (codexSetup "mine")', () => {
    /** A user CODEX_HOME whose config.toml names the demo server as a custom provider of its own. */
    function userHome(threadId: string, withLogin: boolean): string {
      const home = mkdtempSync(join(tmpdir(), 'flotilla-user-codex-'));
      cleanups.push(() => rmSync(home, { recursive: true, force: true }));
      const toml = [
        'model = "gpt-5.5"',
        'model_provider = "mydemo"',
        '[model_providers.mydemo]',
        'name = "My own provider"',
        `base_url = ${JSON.stringify(server.url)}`,
        'wire_api = "responses"',
        'requires_openai_auth = true',
        `http_headers = { "x-flotilla-thread" = ${JSON.stringify(threadId)} }`,
        '',
      ].join('\n');
      writeFileSync(join(home, 'config.toml'), toml);
      if (withLogin) writeFileSync(join(home, 'auth.json'), JSON.stringify({ OPENAI_API_KEY: 'my-own-key' }));
      return home;
    }

    it('runs a thread through the user\'s config and login, its sessions kept in the thread\'s own CODEX_HOME', async () => {
      const { repo, config, threadId } = setup([
        { output: [{ type: 'function_call', name: 'exec_command', arguments: { cmd: 'echo mine > mine.txt' } }] },
        { output: [{ type: 'message', text: 'Done with your setup.' }] },
      ]);
      const user = userHome(threadId, true);
      const userToml = readFileSync(join(user, 'config.toml'), 'utf8');
      // Flotilla's provider points nowhere: the turn can only complete through the user's config.
      const mine = { ...config, model: { ...config.model, baseUrl: 'http://127.0.0.1:9/v1', model: 'no-such-model' }, codex: { home: config.codex!.home, userHome: user } };
      const test = startCodexAgent();
      cleanups.unshift(() => test.send({ type: 'shutdown' }));
      test.send({ type: 'configure', config: mine });
      await test.log.waitForMsg('ready');
      test.send({ type: 'user_input', text: 'Use my setup' });
      expect(await test.log.waitForMsg('turn_completed')).toMatchObject({ summary: 'Done with your setup.' });
      expect(readFileSync(join(repo.path, 'mine.txt'), 'utf8')).toBe('mine\n');
      const home = config.codex!.home;
      expect(readlinkSync(join(home, 'auth.json'))).toBe(join(user, 'auth.json'));
      expect(lstatSync(join(home, 'config.toml')).isSymbolicLink()).toBe(false);
      expect(readFileSync(join(home, 'config.toml'), 'utf8')).toContain('model_provider = "mydemo"');
      expect(readFileSync(join(user, 'config.toml'), 'utf8')).toBe(userToml);
      expect(existsSync(join(home, 'sessions'))).toBe(true);
      expect(existsSync(join(user, 'sessions'))).toBe(false);
    });

    it('says to run `codex login` or switch back when the user\'s CODEX_HOME has no auth.json', async () => {
      const { config, threadId } = setup([]);
      const user = userHome(threadId, false);
      const test = startCodexAgent();
      cleanups.unshift(() => test.send({ type: 'shutdown' }));
      test.send({ type: 'configure', config: { ...config, codex: { home: config.codex!.home, userHome: user } } });
      const error = await test.log.waitForMsg('error');
      expect(error).toMatchObject({ code: 'bad_config', message: `codexSetup is "mine" but there is no Codex login at ${join(user, 'auth.json')}: run \`codex login\`, or set codexSetup to "flotilla" in settings (a task\'s own choice: untick "Use my Codex setup").` });
      expect(test.log.msgs('ready')).toEqual([]);
    });
  });

  it('pause stops app-server and its running command (SIGSTOP) and holds new input; resume continues both', async () => {
    const { repo, start } = setup([
      { output: [{ type: 'function_call', name: 'exec_command', arguments: { cmd: 'while [ ! -f go ]; do sleep 0.2; done; echo resumed', yield_time_ms: 120000 } }] },
      { output: [{ type: 'message', text: 'Waited.' }] },
      { when: { lastUserMessageIncludes: 'queued' }, output: [{ type: 'message', text: 'Queued answer.' }] },
    ]);
    const { log, send } = start();
    const ready = await log.waitForMsg('ready');
    send({ type: 'user_input', text: 'Wait for go' });
    await log.waitForMsg('item_started', (m) => m.item.type === 'command');
    await until(() => processTree(ready.pid).length > 2, 'the command to run under app-server');
    send({ type: 'pause' });
    // A zombie (a child that exited just before the stop, its parent now stopped) cannot be stopped.
    const stoppedAll = () => processTree(ready.pid).every((pid) => ['T', 'Z', null].includes(processState(pid)));
    await until(stoppedAll, 'app-server and its command to be stopped');
    writeFileSync(join(repo.path, 'go'), '');
    send({ type: 'user_input', text: 'A queued message' });
    // Still stopped after the file appeared and a message came: nothing ran meanwhile.
    expect(stoppedAll()).toBe(true);
    expect(log.msgs('turn_completed')).toEqual([]);
    send({ type: 'resume' });
    expect(await log.waitForMsg('turn_completed')).toMatchObject({ summary: 'Waited.' });
    const command = log.msgs('item_completed').find((m) => m.item.type === 'command');
    expect(command?.item).toMatchObject({ status: 'completed', exitCode: 0 });
    expect(command?.item.type === 'command' && command.item.output).toContain('resumed');
    expect(await log.waitForMsg('turn_completed', (m) => m.summary === 'Queued answer.')).toBeTruthy();
  });
});
