/**
 * The loop end to end in-process: the real demo model over HTTP through the openai SDK, the real
 * pty shell and tools, a real git repository in a temp dir.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent, ModelApi } from '../../src-shared/protocol/agent';
import type { DemoScript } from '../demo/script';
import { type DemoModelServer, startDemoModelServer } from '../demo/server';
import { EventLog, makeConfig, makeTempGitRepo, startTestAgent } from './test-support/agent-test-support';
import type { AgentEnvironment } from './configure';
import { createWorktreeEnvironment } from './environment';
import { groupMembers } from './process-control';

let server: DemoModelServer;
beforeAll(async () => {
  server = await startDemoModelServer();
});
afterAll(() => server.close());

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const PATCH = '*** Begin Patch\n*** Add File: notes/hello.txt\n+Hello from the agent\n+second line\n*** End Patch';

const SCRIPT: DemoScript = {
  name: 'e2e',
  responses: [
    {
      output: [
        { type: 'reasoning', text: 'Look first.' },
        { type: 'message', text: 'Let me look around.' },
        { type: 'function_call', name: 'exec_command', arguments: { cmd: 'echo hello-from-shell' } },
      ],
      chunkSize: 5,
    },
    { output: [{ type: 'custom_tool_call', name: 'apply_patch', input: PATCH }] },
    { output: [{ type: 'message', text: 'Added notes/hello.txt.' }] },
  ],
};

async function startRealAgent(api: ModelApi, script: DemoScript) {
  const repo = makeTempGitRepo();
  const config = makeConfig({ baseUrl: server.url, worktreePath: repo.path, api });
  server.registerScript(config.threadId, script);
  let env: AgentEnvironment | null = null;
  const t = startTestAgent({
    createEnvironment: async (c) => (env = await createWorktreeEnvironment(c)),
  });
  cleanups.push(() => {
    t.send({ type: 'shutdown' });
    repo.dispose();
  });
  t.send({ type: 'configure', config });
  await t.log.waitForMsg('ready');
  const requests = () => server.requests.filter((r) => r.promptCacheKey === config.threadId);
  return { ...t, repo, requests, env: () => env };
}

describe.each<ModelApi>(['responses', 'chat'])('a scripted turn over %s', (api) => {
  it('runs text, exec_command and apply_patch to completion', async () => {
    const t = await startRealAgent(api, SCRIPT);
    const input = t.send({ type: 'user_input', text: 'Add a hello note.' });
    const done = await t.log.waitForMsg('turn_completed');
    expect(done.summary).toBe('Added notes/hello.txt.');
    expect(readFileSync(join(t.repo.path, 'notes/hello.txt'), 'utf8')).toBe('Hello from the agent\nsecond line\n');

    const turnEvents = t.log.events.filter((e) => e.msg.type !== 'ready');
    expect(turnEvents[0]?.msg.type).toBe('turn_started');
    expect(turnEvents.at(-1)?.msg.type).toBe('turn_completed');
    expect(turnEvents.every((e) => e.id === input)).toBe(true);
    expectItemsPairUp(t.log);
    const completed = t.log.msgs('item_completed').map((m) => m.item);
    expect(completed.map((item) => item.type)).toEqual(expect.arrayContaining(['user_message', 'assistant_message', 'patch']));
    expect(completed.find((item) => item.type === 'patch')).toMatchObject({ status: 'completed' });
    if (api === 'responses') expect(completed.find((i) => i.type === 'reasoning')).toMatchObject({ text: 'Look first.' });

    const usage = t.log.msgs('usage').map((m) => m.usage);
    expect(usage).toHaveLength(3);
    expect(usage.every((u) => u.inputTokens > 0 && u.outputTokens > 0)).toBe(true);
    // Request 2 extends request 1 byte for byte, so the provider's cache covers all of request 1.
    const [first, second] = t.requests().map((r) => JSON.stringify(r.body));
    expect(second?.startsWith(first?.slice(0, -2) ?? '<missing>')).toBe(true);
    expect(usage[1]?.cachedInputTokens).toBeGreaterThanOrEqual((usage[0]?.inputTokens ?? 0) - 1);
    expect(usage[0]?.cachedInputTokens).toBe(0);
    expect(second).toContain('hello-from-shell');
  });
});

describe.each<ModelApi>(['responses', 'chat'])('several calls in one answer over %s', (api) => {
  it('runs a command, a patch and a command that reads it, in order, with the real tools', async () => {
    const t = await startRealAgent(api, {
      name: 'parallel calls',
      responses: [
        {
          output: [
            { type: 'function_call', name: 'exec_command', arguments: { cmd: 'mkdir -p notes && echo made' } },
            { type: 'custom_tool_call', name: 'apply_patch', input: PATCH },
            { type: 'function_call', name: 'exec_command', arguments: { cmd: 'cat notes/hello.txt' } },
          ],
        },
        { output: [{ type: 'message', text: 'Read it back.' }] },
      ],
    });
    t.send({ type: 'user_input', text: 'Add a note and read it.' });
    expect(await t.log.waitForMsg('turn_completed')).toMatchObject({ summary: 'Read it back.' });
    expectItemsPairUp(t.log);
    const kinds = t.log.msgs('item_completed').flatMap((m) => (m.item.type === 'command' || m.item.type === 'patch' ? [m.item.type] : []));
    expect(kinds).toEqual(['command', 'patch', 'command']);
    // The read ran after the patch: its output, the last of the three, shows the new file.
    const body = t.requests()[1]?.body as { input?: Array<{ type?: string; output?: string }>; messages?: Array<{ role: string; content: string }> };
    const outputs =
      api === 'responses'
        ? (body.input ?? []).flatMap((i) => (i.type?.endsWith('call_output') ? [i.output] : []))
        : (body.messages ?? []).flatMap((m) => (m.role === 'tool' ? [m.content] : []));
    expect(outputs).toHaveLength(3);
    expect(outputs[2]).toContain('Hello from the agent');
  });
});

it('keeps one conversation across turns', async () => {
  const t = await startRealAgent('responses', {
    name: 'two turns',
    responses: [{ output: [{ type: 'message', text: 'one' }] }, { output: [{ type: 'message', text: 'two' }] }],
  });
  t.send({ type: 'user_input', text: 'first' });
  await t.log.waitForMsg('turn_completed');
  t.send({ type: 'user_input', text: 'second' });
  await t.log.waitForMsg('turn_completed', (m) => m.summary === 'two');
  const [first, second] = t.requests().map((r) => JSON.stringify(r.body));
  expect(second?.startsWith(first?.slice(0, -2) ?? '<missing>')).toBe(true);
  expect(second).toMatch(/"first".*"one".*"second"/);
});

it('pause stops the running command with SIGSTOP and resume continues it', async () => {
  const t = await startRealAgent('responses', {
    name: 'long command',
    responses: [
      { output: [{ type: 'function_call', name: 'exec_command', arguments: { cmd: 'sleep 2; echo finished-after-pause', yield_time_ms: 30000 } }] },
      { output: [{ type: 'message', text: 'done' }] },
    ],
  });
  t.send({ type: 'user_input', text: 'wait a while' });
  const sleeper = () => {
    const groups = t.env()?.runningProcessGroups() ?? [];
    return groups.flatMap((g) => groupMembers(g) ?? []).filter((p) => p.comm === 'sleep').map((p) => p.pid);
  };
  const paused = await until(() => (sleeper().length > 0 ? sleeper() : null));
  t.send({ type: 'pause' });
  // The command (sleep) stops; its subshell only waits for it, so bash never sees a stopped job.
  await until(() => paused.every((pid) => processState(pid) === 'T') || null);
  t.send({ type: 'resume' });
  await until(() => paused.every((pid) => processState(pid) !== 'T') || null);
  await t.log.waitForMsg('turn_completed');
  const body = t.requests().at(-1)?.body as { input: Array<{ type?: string; output?: string }> };
  const output = body.input.find((item) => item.type === 'function_call_output')?.output ?? '';
  expect(output).toMatch(/^Exit code: 0\n/);
  expect(output).toMatch(/\nfinished-after-pause\s*$/);
});

function expectItemsPairUp(log: EventLog): void {
  const open = new Set<string>();
  const closed = new Set<string>();
  for (const { msg } of log.events as AgentEvent[]) {
    if (msg.type === 'item_started') {
      expect(open.has(msg.item.id)).toBe(false);
      open.add(msg.item.id);
    } else if (msg.type === 'item_delta') {
      expect(open.has(msg.itemId)).toBe(true);
    } else if (msg.type === 'item_completed') {
      expect(open.delete(msg.item.id)).toBe(true);
      closed.add(msg.item.id);
    }
  }
  expect(open.size).toBe(0);
  expect(closed.size).toBeGreaterThan(0);
}

/** The state letter of /proc/<pid>/stat (R, S, T, Z...), or null once the process is gone. */
function processState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

async function until<T>(probe: () => T | null, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in time: ${String(probe)}`);
    // Polling /proc: there is no event to wait on for another process's state.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
