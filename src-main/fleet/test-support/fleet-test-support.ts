/**
 * Test support for fleet tests: a fake agent worker that speaks the real protocol over IPC, a
 * stub model server for the reachability probe, and helpers that wait on fleet state.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ClientEvent, CommandName, CommandParams, CommandResult } from '../../../src-shared/protocol/api';
import type { ThreadSummary } from '../../../src-shared/domain/thread';
import type { ThreadEvent } from '../../../src-shared/protocol/thread-events';
import { ok } from '../../../src-shared/protocol/api';
import { fetchEventsAfter } from '../../../src-shared/thread-event-pages';
import type { FleetService } from '../fleet-service';
import type { FleetLogger } from '../logger';

/**
 * Plain JS, forked as is. `[hold]` in the text keeps the turn open until a steer "finish" (or an
 * interrupt); with `[diff]` the held turn first writes a file and says only `turn_diff_updated`; `[malformed]` first sends messages that break the protocol; `[deaf]` ignores shutdown. Each turn writes one
 * file into the worktree and answers with its cwd, so tests can see where it ran.
 */
const FAKE_WORKER_SOURCE = String.raw`
const fs = require('node:fs');
let config = null;
let turn = 0;
let held = null;
let deaf = false;
const send = (id, msg) => process.send({ id, msg });
function finishTurn(id, turnId, text) {
  fs.writeFileSync('agent-' + turnId + '.txt', 'written by the fake agent\n');
  const itemId = 'msg-' + turnId;
  send(id, { type: 'item_started', turnId, item: { type: 'assistant_message', id: itemId, text: '' } });
  send(id, { type: 'item_delta', turnId, itemId, stream: 'text', delta: 'cwd=' + process.cwd() });
  const facts = ['cwd=' + process.cwd(), 'model=' + config.model.model, 'hasKey=' + (config.model.apiKey.length > 0),
    'keyInEnv=' + ('FLOTILLA_TEST_KEY' in process.env), 'input=' + text,
    'instructions=' + JSON.stringify(config.userInstructions), 'repoRoot=' + config.repoRoot,
    'sandbox=' + JSON.stringify(config.sandbox), 'agentEnv=' + JSON.stringify(config.agentEnv)];
  send(id, { type: 'item_completed', turnId, item: { type: 'assistant_message', id: itemId, text: facts.join(' ') } });
  send(id, { type: 'usage', turnId, usage: { inputTokens: 100, cachedInputTokens: 20, outputTokens: 10, reasoningTokens: 0 } });
  send(id, { type: 'turn_completed', turnId, summary: null });
}
process.on('message', ({ id, op }) => {
  switch (op.type) {
    case 'configure':
      config = op.config;
      send(id, { type: 'ready', pid: process.pid, shell: 'sh', sandbox: 'none' });
      break;
    case 'user_input': {
      const turnId = 'turn-' + ++turn;
      deaf = deaf || op.text.includes('[deaf]');
      if (op.text.includes('[malformed]')) {
        process.send({ id, msg: { type: 'no_such_event' } });
        process.send('not even an object');
      }
      send(id, { type: 'turn_started', turnId });
      if (!op.text.includes('[hold]')) return finishTurn(id, turnId, op.text);
      held = { id, turnId };
      if (op.text.includes('[diff]')) {
        fs.writeFileSync('mid-turn.txt', 'changed while the turn runs\n');
        send(id, { type: 'turn_diff_updated', turnId });
      }
      send(id, { type: 'item_started', turnId, item: { type: 'command', id: 'cmd-' + turnId, command: 'sleep 1000',
        cwd: process.cwd(), output: '', exitCode: null, durationMs: null, sessionId: null, status: 'in_progress' } });
      break;
    }
    case 'steer':
      if (held && op.text === 'finish') { const h = held; held = null; finishTurn(h.id, h.turnId, 'steered'); }
      break;
    case 'interrupt':
      if (held) { const h = held; held = null; send(h.id, { type: 'turn_aborted', turnId: h.turnId, reason: 'interrupted' }); }
      break;
    case 'shutdown':
      if (!deaf) process.exit(0);
  }
});
`;

export function writeFakeWorker(dir: string): string {
  const path = join(dir, 'fake-worker.cjs');
  writeFileSync(path, FAKE_WORKER_SOURCE);
  return path;
}

/** Answers every request with 200 and an empty model list: enough for the reachability probe. */
export async function startStubModelServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"object":"list","data":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function recordingLogger(): FleetLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    warn: (message) => lines.push(`warn: ${message}`),
    error: (message, error) => lines.push(`error: ${message}${error ? ` ${String(error)}` : ''}`),
  };
}

/**
 * The command's result, or a throw. task.run returns while its worktrees are still being made:
 * here it also waits until each of its threads has its worktree (or failed), as most tests need;
 * `startTask` does not.
 */
export async function call<C extends CommandName>(fleet: FleetService, command: C, params: CommandParams<C>): Promise<CommandResult<C>> {
  const result = await fleet.call(command, params);
  if (!result.ok) throw new Error(`${command} failed: ${result.error.code}: ${result.error.message}`);
  if (command === 'task.run') {
    const ids = new Set((result.value as CommandResult<'task.run'>).threads.map((t) => t.id));
    await waitForThreads(fleet, (ts) => ts.filter((t) => ids.has(t.id) && t.status !== 'setting_up').length === ids.size, 'the new worktrees');
  }
  return result.value;
}

/** task.run as it answers: its threads still setting up. */
export async function startTask(fleet: FleetService, params: CommandParams<'task.run'>): Promise<CommandResult<'task.run'>> {
  const result = await fleet.call('task.run', params);
  if (!result.ok) throw new Error(`task.run failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export async function threadEvents(fleet: FleetService, threadId: string): Promise<ThreadEvent[]> {
  const events = await fetchEventsAfter(async (afterSeq) => ok(await call(fleet, 'thread.events', { threadId, afterSeq })), 0);
  return events.ok ? events.value : [];
}

/** Resolves with the thread list once `predicate` holds, re-checking on every batch. */
export async function waitForThreads(
  fleet: FleetService,
  predicate: (threads: ThreadSummary[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<ThreadSummary[]> {
  let last: ThreadSummary[] = [];
  let dispose = (): void => undefined;
  try {
    return await new Promise<ThreadSummary[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        const state = last.map((t) => `${t.id}=${t.status} (${t.activity})`).join(', ');
        reject(new Error(`Timed out waiting for ${what}; threads: ${state}`));
      }, timeoutMs);
      const check = async (): Promise<void> => {
        last = await call(fleet, 'threads.list', {});
        if (predicate(last)) {
          clearTimeout(timer);
          resolve(last);
        }
      };
      dispose = fleet.onEvent((_event: ClientEvent) => void check());
      void check();
    });
  } finally {
    dispose();
  }
}
