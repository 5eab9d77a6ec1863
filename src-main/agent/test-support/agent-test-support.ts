/**
 * Helpers for the agent's tests: an event log that can be waited on, temp git repositories,
 * configs pointing at the demo model, and an in-process agent with fake or real tools.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent, AgentEventMsg, ModelApi, WorkerConfig } from '../../../src-shared/protocol/agent';
import type { DemoScript } from '../../demo/script';
import type { DemoModelServer } from '../../demo/server';
import { type Agent, type AgentOptions, createAgent } from '../agent';
import type { AgentEnvironment } from '../configure';
import type { RetryPolicy } from '../retry';
import type { Tool } from '../tools/tool';

type MsgOf<T extends AgentEventMsg['type']> = Extract<AgentEventMsg, { type: T }>;

/** Every event an agent emitted, with waits on conditions (never on time). */
export class EventLog {
  readonly events: AgentEvent[] = [];
  private waiters: Array<() => void> = [];

  readonly push = (event: AgentEvent): void => {
    this.events.push(event);
    for (const wake of this.waiters.splice(0)) wake();
  };

  msgs<T extends AgentEventMsg['type']>(type: T): MsgOf<T>[] {
    return this.events.map((e) => e.msg).filter((m): m is MsgOf<T> => m.type === type);
  }

  /** Resolves with the first event (already seen or still to come) that matches. */
  async waitFor(match: (event: AgentEvent) => boolean, what = 'event', timeoutMs = 45_000): Promise<AgentEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; saw ${this.describe()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()) + 1);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  waitForMsg<T extends AgentEventMsg['type']>(type: T, match: (msg: MsgOf<T>) => boolean = () => true): Promise<MsgOf<T>> {
    const matches = (m: AgentEventMsg): m is MsgOf<T> => m.type === type && match(m as MsgOf<T>);
    return this.waitFor((e) => matches(e.msg), type).then((e) => e.msg as MsgOf<T>);
  }

  describe(): string {
    return this.events.map((e) => e.msg.type).join(', ') || 'nothing';
  }
}

export function makeTempGitRepo(prefix = 'flotilla-agent-'): { path: string; dispose(): void } {
  // realpath: macOS and some CI temp dirs are symlinks, and the shell reports the real path.
  const path = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: path, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '--allow-empty', '-m', 'init');
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}

let threadCounter = 0;

export function makeConfig(options: { baseUrl: string; worktreePath: string; api?: ModelApi; threadId?: string }): WorkerConfig {
  threadCounter += 1;
  return {
    threadId: options.threadId ?? `thread-${process.pid}-${threadCounter}-${Date.now()}`,
    worktreePath: options.worktreePath,
    repoRoot: options.worktreePath,
    model: { api: options.api ?? 'responses', baseUrl: options.baseUrl, apiKey: 'sk-test', model: 'flotilla-demo', reasoningEffort: null },
    approvalMode: 'full-auto',
    userInstructions: null,
  };
}

export const FAST_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 2_000 };

export function fakeEnvironment(tools: Tool[], groups: () => number[] = () => []): AgentEnvironment {
  return { shellPath: '/bin/bash', sandbox: 'none', tools, runningProcessGroups: groups, dispose: () => undefined };
}

export interface TestAgent {
  agent: Agent;
  log: EventLog;
  /** Sends an op under a fresh submission id and returns that id. */
  send(op: unknown): string;
}

let submissionCounter = 0;

export function startTestAgent(overrides: Partial<AgentOptions> & Pick<AgentOptions, 'createEnvironment'>): TestAgent {
  const log = new EventLog();
  const agent = createAgent({ emit: log.push, retry: FAST_RETRY, ...overrides });
  return {
    agent,
    log,
    send(op) {
      submissionCounter += 1;
      const id = `sub-${submissionCounter}`;
      agent.handle({ id, op });
      return id;
    },
  };
}

/** A function tool that records its inputs and answers with `answer(input)`. */
export function recordingTool(name: string, answer: (input: string) => string | Promise<string> = () => 'ok'): Tool & { inputs: string[] } {
  const inputs: string[] = [];
  return {
    inputs,
    definition: { kind: 'function', name, description: `Test tool ${name}.`, parameters: { type: 'object', properties: {} } },
    run: async (input) => {
      inputs.push(input);
      return answer(input);
    },
  };
}

/** Resolves after pending I/O callbacks and microtasks have run: a turn of the event loop. */
export function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export interface ScriptedAgent extends TestAgent {
  threadId: string;
  /** The JSON bodies of this thread's model requests, in order. */
  bodies(): string[];
}

/** A configured in-process agent with fake tools, whose thread plays `responses` on the demo server. */
export async function startScriptedAgent(
  server: DemoModelServer,
  responses: DemoScript['responses'],
  tools: Tool[] = [recordingTool('exec_command')],
  overrides: Partial<AgentOptions> = {},
  configOverrides: Partial<WorkerConfig> = {},
): Promise<ScriptedAgent> {
  const config = { ...makeConfig({ baseUrl: server.url, worktreePath: process.cwd() }), ...configOverrides };
  server.registerScript(config.threadId, { name: 'test', responses });
  const t = startTestAgent({ createEnvironment: async () => fakeEnvironment(tools), ...overrides });
  t.send({ type: 'configure', config });
  await t.log.waitForMsg('ready');
  const bodies = () => server.requests.filter((r) => r.promptCacheKey === config.threadId).map((r) => JSON.stringify(r.body));
  return { ...t, threadId: config.threadId, bodies };
}

/** Sends user input and resolves with how that turn ended. */
export async function runUserTurn(t: TestAgent, text: string): Promise<AgentEventMsg> {
  const id = t.send({ type: 'user_input', text });
  const startedBy = (turnId: string) =>
    t.log.events.find((e) => e.msg.type === 'turn_started' && e.msg.turnId === turnId)?.id;
  const end = await t.log.waitFor(
    (e) => (e.msg.type === 'turn_completed' || e.msg.type === 'turn_aborted') && startedBy(e.msg.turnId) === id,
    `end of the turn of ${id}`,
  );
  return end.msg;
}

export const say = (text: string) => ({ output: [{ type: 'message' as const, text }] });

export const callTool = (name: string, args: Record<string, unknown> | string) => ({
  output: [{ type: 'function_call' as const, name, arguments: args }],
});
