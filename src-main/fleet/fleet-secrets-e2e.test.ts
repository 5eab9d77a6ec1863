/**
 * No key leaks, end to end: a real fleet forks the real worker (dist/main/worker.cjs) against the
 * demo model, in every approval mode (in auto-edit `printenv` and `cat` run without asking). The
 * fleet's environment holds the keys the issue names; the agent gets some through agentEnv and
 * reads the others from a file in its worktree (as it would read server.json or
 * /proc/<pid>/environ without a sandbox), prints one split across two output chunks, puts one in a
 * command that waits for approval, and says one in a streamed message. None of them may reach the log file, thread.events or any batch.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../src-shared/protocol/api';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import { makeRepo } from '../git/test-support/temp-repo';
import { createFleetFixture, writeSettings, type FleetFixture } from './test-support/fleet-fixture';
import { descendants, execStep, messageStep, runScripted, until, waitForThread } from './test-support/fleet-control-support';
import type { FleetService } from './fleet-service';
import { call, threadEvents } from './test-support/fleet-test-support';
import { spawnNodeWorker, type SpawnWorker } from './thread';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), '../../dist/main/worker.cjs');

const random = (prefix: string): string => `${prefix}${randomBytes(15).toString('base64url')}`;

/** The fleet's environment in this test: what the issue says leaked, and two for agentEnv. */
const SECRETS = {
  OPENAI_API_KEY: random('sk-proj-'),
  GITHUB_TOKEN: random('ghp_'),
  PGPASSWORD: random('pg-'),
  DATABASE_URL: `postgres://app:${random('db-')}@db.internal:5432/app`,
  AWS_SECRET_ACCESS_KEY: random('aws/'),
  SERVICE_PASSWORD: random('svc-'),
};
const SERVER_TOKEN = random('tok-');
const VISIBLE = { FLOTILLA_AGENT_VISIBLE: 'visible-to-the-agent' };
const HIDDEN_NAMES = ['OPENAI_API_KEY', 'GITHUB_TOKEN', 'PGPASSWORD', 'DATABASE_URL', 'AWS_SECRET_ACCESS_KEY'];
const SPLIT_AT = 12;

/** A command that prints half the AWS key, waits for the test's `go`, then prints the rest. */
const SPLIT_COMMAND = `head -c ${SPLIT_AT} notes/split.txt; while [ ! -e go ]; do sleep 0.1; done; tail -c +${SPLIT_AT + 1} notes/split.txt`;
const CURL_WITH_KEY = `curl -s -H "Authorization: Bearer ${SECRETS.OPENAI_API_KEY}" http://127.0.0.1:9/v1/models`;

interface RawDelta {
  itemId: string;
  delta: string;
}

/** The real Node worker, with the raw events it sends recorded: what the fleet gets before redaction. */
function tappedWorkers(raw: { deltas: RawDelta[]; commands: Map<string, string> }): SpawnWorker {
  return (entry, options) => {
    const handle = spawnNodeWorker(entry, options);
    handle.onMessage((message) => {
      const msg = (message as { msg?: { type?: string; itemId?: string; delta?: string; item?: { id: string; type: string; command?: string } } }).msg;
      if (msg?.type === 'item_delta' && msg.itemId && msg.delta !== undefined) raw.deltas.push({ itemId: msg.itemId, delta: msg.delta });
      if (msg?.type === 'item_started' && msg.item?.type === 'command') raw.commands.set(msg.item.command ?? '', msg.item.id);
    });
    return handle;
  };
}

function environOf(pid: number): Map<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  return new Map(entries.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

/** Every string a secret could hide in, whole or in its two halves. */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const [name, value] of [...Object.entries(SECRETS), ['server token', SERVER_TOKEN] as const]) {
    if (text.includes(value)) found.push(name);
  }
  if (text.includes(SECRETS.AWS_SECRET_ACCESS_KEY.slice(0, SPLIT_AT))) found.push('first half of AWS_SECRET_ACCESS_KEY');
  if (text.includes(SECRETS.AWS_SECRET_ACCESS_KEY.slice(SPLIT_AT))) found.push('second half of AWS_SECRET_ACCESS_KEY');
  return found;
}

describe('keys never leave the fleet', () => {
  let fx: FleetFixture;
  let saved: Record<string, string | undefined>;
  beforeEach(async () => {
    fx = await createFleetFixture();
    saved = Object.fromEntries([...Object.keys(SECRETS), ...Object.keys(VISIBLE)].map((name) => [name, process.env[name]]));
    Object.assign(process.env, SECRETS, VISIBLE);
  });
  afterEach(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await fx.cleanup();
  });

  it.each(['suggest', 'auto-edit', 'full-auto'] as const)('%s: the worker environment is an allow-list and no key reaches the log, thread.events or a batch', async (mode) => {
    const repo = makeRepo(join(fx.dir, 'leaky'), {
      'README.md': '# leaky\n',
      // What an unsandboxed agent can read: a .env, server.json, /proc/<server pid>/environ.
      'notes/leaked.txt': leakedFile(),
      'notes/split.txt': SECRETS.AWS_SECRET_ACCESS_KEY,
    });
    writeSettings(fx.dataDir, { approvalMode: mode, agentEnv: ['FLOTILLA_AGENT_VISIBLE', 'SERVICE_PASSWORD'] });
    const raw = { deltas: [] as RawDelta[], commands: new Map<string, string>() };
    const fleet = await fx.openFleet({ forceDemo: true, workerEntry: WORKER, spawnWorker: tappedWorkers(raw), serverToken: SERVER_TOKEN });
    const batches: ClientEvent[] = [];
    fleet.onEvent((event) => batches.push(event));

    const id = await runScripted(fleet, { ...fx, repo }, 'leaky', 'Find the keys', [
      execStep('printenv FLOTILLA_AGENT_VISIBLE SERVICE_PASSWORD'),
      execStep('cat notes/leaked.txt'),
      execStep(SPLIT_COMMAND),
      execStep(CURL_WITH_KEY),
      messageStep(`Found ${SECRETS.OPENAI_API_KEY} and ${SECRETS.GITHUB_TOKEN}.`, { chunkSize: 7 }),
    ]);
    const answered = answerApprovals(fleet, id);

    // The split command is running: half the key is out of the worker, the rest waits for `go`.
    await until(() => rawOutput(raw, SPLIT_COMMAND).includes(SECRETS.AWS_SECRET_ACCESS_KEY.slice(0, SPLIT_AT)), 'the first half of the key');
    const running = await waitForThread(fleet, id, (t) => t.status === 'working', 'the split command');
    checkWorkerEnvironment(await workerPidOf(fleet, id));
    writeFileSync(join(running.worktreePath, 'go'), '');

    const done = await waitForThread(fleet, id, (t) => t.status === 'done' || t.status === 'failed', 'the agent to finish');
    expect(done).toMatchObject({ status: 'done', error: null });
    // Where curl waits for approval, its reason (which quotes the command) is redacted too.
    const { denied } = await answered;
    expect(denied).toEqual(mode === 'full-auto' ? [] : [expect.stringContaining('[redacted:OPENAI_API_KEY]')]);

    // The raw stream really split the key across chunks; the fleet let neither half out.
    const splitDeltas = raw.deltas.filter((d) => d.itemId === raw.commands.get(SPLIT_COMMAND));
    expect(splitDeltas.some((d) => d.delta.includes(SECRETS.AWS_SECRET_ACCESS_KEY))).toBe(false);
    expect(splitDeltas.map((d) => d.delta).join('')).toContain(SECRETS.AWS_SECRET_ACCESS_KEY);

    const log = readdirSync(join(fx.dataDir, 'threads')).map((f) => readFileSync(join(fx.dataDir, 'threads', f), 'utf8')).join('\n');
    const events = JSON.stringify(await threadEvents(fleet, id));
    const sent = JSON.stringify(batches);
    for (const [where, text] of [['log', log], ['thread.events', events], ['batches', sent]] as const) {
      expect(leaks(text), where).toEqual([]);
      for (const name of [...Object.keys(SECRETS), 'FLOTILLA_SERVER_TOKEN']) expect(text, `${where} marks ${name}`).toContain(`[redacted:${name}]`);
      expect(text, where).toContain(VISIBLE.FLOTILLA_AGENT_VISIBLE);
    }
    // The conversation on disk (history_appended) is redacted too: a restarted worker replays it.
    expect(log).toContain('"history_appended"');
  });
});

/** Every key but the one the split command prints, as `NAME=value` lines, then a server.json. */
function leakedFile(): string {
  const lines = Object.entries(SECRETS).filter(([name]) => name !== 'AWS_SECRET_ACCESS_KEY').map(([name, value]) => `${name}=${value}`);
  return [...lines, JSON.stringify({ url: `http://127.0.0.1:1/?token=${SERVER_TOKEN}`, token: SERVER_TOKEN })].join('\n');
}

function rawOutput(raw: { deltas: RawDelta[]; commands: Map<string, string> }, command: string): string {
  const itemId = raw.commands.get(command);
  return raw.deltas.filter((d) => d.itemId === itemId).map((d) => d.delta).join('');
}

async function workerPidOf(fleet: FleetService, id: string): Promise<number> {
  const ready = (await threadEvents(fleet, id)).map((e) => e.msg).filter((m) => m.type === 'ready').pop();
  if (ready?.type !== 'ready') throw new Error('the worker never reported ready');
  return ready.pid;
}

/** The worker and every process under it (the shell, the running command) see none of the keys. */
function checkWorkerEnvironment(workerPid: number): void {
  const env = environOf(workerPid);
  for (const name of HIDDEN_NAMES) expect(env.has(name), `worker has ${name}`).toBe(false);
  expect(env.get('FLOTILLA_AGENT_VISIBLE')).toBe(VISIBLE.FLOTILLA_AGENT_VISIBLE);
  expect(env.get('SERVICE_PASSWORD')).toBe(SECRETS.SERVICE_PASSWORD);
  expect(env.has('PATH')).toBe(true);
  const below = descendants(workerPid);
  expect(below.length).toBeGreaterThan(0);
  for (const child of below) {
    let childEnv: Map<string, string>;
    try {
      childEnv = environOf(child.pid);
    } catch {
      continue; // exited meanwhile (a `sleep` of the polling loop)
    }
    for (const name of HIDDEN_NAMES) expect(childEnv.has(name), `${child.comm} has ${name}`).toBe(false);
  }
}

/**
 * Approves every request but the one that would send the key with curl, whichever commands need
 * approval in this mode; resolves with the reasons of the denied ones once the thread is done.
 */
async function answerApprovals(fleet: FleetService, id: string): Promise<{ denied: string[] }> {
  const denied: string[] = [];
  const answered = new Set<string>();
  let finished: (value: { denied: string[] }) => void = () => undefined;
  const result = new Promise<{ denied: string[] }>((resolve) => (finished = resolve));
  const check = async (): Promise<void> => {
    const thread = (await call(fleet, 'threads.list', {})).find((t: ThreadSummary) => t.id === id);
    const pending = thread?.pendingApproval;
    if (pending && !answered.has(pending.requestId)) {
      answered.add(pending.requestId);
      const deny = pending.reason.includes('curl');
      if (deny) denied.push(pending.reason);
      await call(fleet, 'thread.approve', { threadId: id, requestId: pending.requestId, decision: deny ? 'deny' : 'approve' });
    }
    if (thread?.status === 'done' || thread?.status === 'failed') {
      dispose();
      finished({ denied });
    }
  };
  const dispose = fleet.onEvent(() => void check());
  void check();
  return result;
}
