/**
 * The built worker bundle (dist/main/worker.cjs, built by the vitest global setup) forked the way
 * the fleet forks it, driven over IPC.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AgentEventSchema, WorkerTerminalEventSchema, type Submission } from '../../src-shared/protocol/agent';
import { type DemoModelServer, startDemoModelServer } from '../demo/server';
import { spawnNodeWorker, type WorkerHandle } from '../fleet/thread';
import { EventLog, makeConfig, makeTempGitRepo } from './test-support/agent-test-support';

const WORKER = resolve(__dirname, '../../dist/main/worker.cjs');

let server: DemoModelServer;
beforeAll(async () => {
  server = await startDemoModelServer();
});
afterAll(() => server.close());

function forkWorker(cwd: string): { worker: WorkerHandle; log: EventLog; exited: Promise<number | null> } {
  expect(existsSync(WORKER), `${WORKER} is missing: run node scripts/build.mjs --only node`).toBe(true);
  const env = { ...stringEnv(process.env), OPENAI_API_KEY: 'sk-must-not-leak' };
  const worker = spawnNodeWorker(WORKER, { cwd, env, name: 'test-thread' });
  const log = new EventLog();
  // The worker also streams its terminal (its own kind of message); the log keeps the agent's events.
  worker.onMessage((message) => {
    if (WorkerTerminalEventSchema.safeParse(message).success) return;
    log.push(AgentEventSchema.parse(message));
  });
  const exited = new Promise<number | null>((done) => worker.onExit((code) => done(code)));
  return { worker, log, exited };
}

it('runs a turn in the forked worker and exits 0 on shutdown', async () => {
  const repo = makeTempGitRepo();
  const { worker, log, exited } = forkWorker(repo.path);
  try {
    const config = makeConfig({ baseUrl: server.url, worktreePath: repo.path });
    server.registerScript(config.threadId, {
      name: 'forked',
      responses: [
        {
          output: [
            { type: 'function_call', name: 'exec_command', arguments: { cmd: 'echo "key=${OPENAI_API_KEY:-unset}" > key.txt' } },
          ],
        },
        { output: [{ type: 'custom_tool_call', name: 'apply_patch', input: '*** Begin Patch\n*** Add File: done.txt\n+forked\n*** End Patch' }] },
        { output: [{ type: 'message', text: 'All done.' }] },
      ],
    });
    // What a buggy fleet might send; the type system would refuse it, the worker must survive it.
    const garbage: unknown = { id: 'garbage', op: { type: 'configure' } };
    worker.send(garbage as Submission);
    worker.send({ id: 'c1', op: { type: 'configure', config } });
    const ready = await log.waitForMsg('ready');
    expect(ready).toMatchObject({ pid: worker.pid, sandbox: 'none' });
    expect(log.events.find((e) => e.id === 'garbage')?.msg).toMatchObject({ type: 'error', code: 'internal' });

    worker.send({ id: 'u1', op: { type: 'user_input', text: 'go' } });
    const done = await log.waitForMsg('turn_completed');
    expect(done.summary).toBe('All done.');
    expect(readFileSync(join(repo.path, 'done.txt'), 'utf8')).toBe('forked\n');
    // The worker had the key in its environment; the agent's shell must not.
    expect(readFileSync(join(repo.path, 'key.txt'), 'utf8')).toBe('key=unset\n');

    worker.send({ id: 's1', op: { type: 'shutdown' } });
    expect(await exited).toBe(0);
  } finally {
    worker.kill('SIGKILL');
    repo.dispose();
  }
});

it('sends streamed text to the fleet a window at a time, all of it, in order', async () => {
  const repo = makeTempGitRepo();
  const { worker, log, exited } = forkWorker(repo.path);
  try {
    const config = makeConfig({ baseUrl: server.url, worktreePath: repo.path });
    const text = 'Streamed one character at a time, as fast as the server can write them.';
    server.registerScript(config.threadId, { name: 'fast-stream', responses: [{ chunkSize: 1, delayMs: 0, output: [{ type: 'message', text }] }] });
    worker.send({ id: 'c1', op: { type: 'configure', config } });
    await log.waitForMsg('ready');
    worker.send({ id: 'u1', op: { type: 'user_input', text: 'go' } });
    await log.waitForMsg('turn_completed');
    const deltas = log.msgs('item_delta').filter((m) => m.stream === 'text');
    expect(deltas.map((m) => m.delta).join('')).toBe(text);
    // One message per character without delta-coalescing-port.ts; a stall of over 50 ms between
    // every two characters would be needed to get as many with it.
    expect(deltas.length).toBeLessThan(text.length / 2);
    worker.send({ id: 's1', op: { type: 'shutdown' } });
    expect(await exited).toBe(0);
  } finally {
    worker.kill('SIGKILL');
    repo.dispose();
  }
});

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
