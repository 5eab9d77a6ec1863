/**
 * createFleet: the fleet the transports (Electron IPC, WebSocket server, CLI) talk to. Wires the
 * thread registry, the event batcher, the demo model and the command handlers together, and
 * restores every thread from its log on start.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok } from '../../src-shared/protocol/api';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import { createCheckpoint } from '../git/checkpoint';
import { worktreeDiffStat } from '../git/diff-stat';
import { createApiHandler, createTypedApiHandler } from './api';
import { createCommandHandlers } from './api';
import { lockDataDir } from './data-dir-lock';
import { cleanUpInterruptedCreations } from './task';
import { createDemoModel, type DemoModel } from './demo-model';
import { demoScriptsDir } from './demo-script-source';
import { createEventBatcher, type EventBatcher } from './api';
import type { FleetOptions, FleetService } from './fleet-service';
import { consoleLogger, type FleetLogger } from './logger';
import { createFleetRedaction, type FleetRedaction } from './redaction';
import { ThreadRegistry } from './thread';
import { prepareWorkerSetup } from './thread';
import { AgentSlots, WorktreeEnvironments } from './task';
import { loadSettings } from './settings';
import { detectSandbox as detectMachineSandbox, type SandboxSupport } from '../terminal/sandbox/detect';
import type { TerminalPush } from '../../src-shared/protocol/api-terminal';
import type { WorkerTerminalMsg } from '../../src-shared/protocol/agent';
import type { CommandHandlers } from './api';
import { createRunHandlers, createTerminalHandlers, TerminalHub } from './terminals';

const INTERRUPTED_SETUP = "Flotilla stopped while this thread's worktree was being made; the half-made worktree was removed (any work in it is kept under refs/flotilla/orphaned/). Start the task again.";

/** Threads still setting up when Flotilla stopped: their half-made worktrees are gone by now. */
const INTERRUPTED_WAIT = 'Flotilla stopped while this thread waited for a slot (max agents); nothing had been made. Start the task again.';

async function failInterruptedSetups(registry: ThreadRegistry): Promise<void> {
  const hosts = registry.list().filter((t) => t.status === 'setting_up').flatMap((t) => registry.get(t.id) ?? []);
  for (const host of hosts) host.worktree.setupFailed(host.summary.slotWait ? INTERRUPTED_WAIT : INTERRUPTED_SETUP);
  // Published before the first client asks.
  await Promise.all(hosts.map((host) => host.settled()));
}

/** What the registry's hosts need beyond the options: the machine's sandbox and the redactor. */
interface RegistryServices {
  detectSandbox: () => Promise<SandboxSupport>;
  redaction: FleetRedaction;
  environments: WorktreeEnvironments;
  onTerminal(threadId: string, msg: WorkerTerminalMsg): void;
  slots: AgentSlots;
}

function createRegistry(options: FleetOptions, logger: FleetLogger, batcher: EventBatcher, demo: DemoModel, services: RegistryServices): ThreadRegistry {
  const { detectSandbox, redaction, environments, onTerminal, slots } = services;
  const registry: ThreadRegistry = new ThreadRegistry(
    options.dataDir,
    {
      spawnWorker: options.spawnWorker,
      workerEntry: options.workerEntry,
      idleWorkerGraceMs: options.idleWorkerGraceMs,
      logger,
      publish: (source) => batcher.push(source),
      streaming: options.streaming,
      prepareWorker: (summary) =>
        prepareWorkerSetup(
          {
            dataDir: options.dataDir,
            demo,
            taskSize: (id) => registry.taskSize(id),
            keyStore: options.keyStore,
            detectSandbox,
            worktreeVars: (s) => environments.varsFor(s),
          },
          summary,
        ),
      diffStat: (summary) => worktreeDiffStat(summary.worktreePath, summary.baseBranch),
      checkpoint: (summary, turn) => createCheckpoint(summary.worktreePath, summary.id, turn),
      redact: (threadId, msg) => redaction.threadMsg(threadId, msg),
      onTerminal,
      onStatusChanged: (threadId, status) => slots.statusChanged(threadId, status),
    },
    logger,
  );
  return registry;
}

/** Throws DataDirLockedError when another fleet owns the data dir. */
export async function createFleet(options: FleetOptions): Promise<FleetService> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const lock = lockDataDir(options.dataDir);
  try {
    return await startFleet(options, lock.release);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function startFleet(options: FleetOptions, releaseLock: () => void): Promise<FleetService> {
  const logger = options.logger ?? consoleLogger;
  const batcher = createEventBatcher({ onListenerError: (error) => logger.error('A client event listener threw', error) });
  const demo = createDemoModel(options.startDemoServer, { dir: demoScriptsDir(options.dataDir), commandLineScript: options.commandLineDemoScript ?? null }, join(options.dataDir, 'demo-thread-scripts'));
  const detectSandbox = options.detectSandbox ?? detectMachineSandbox;
  const redaction = await createFleetRedaction({ dataDir: options.dataDir, keyStore: options.keyStore, env: process.env, serverToken: options.serverToken });
  let registryRef: ThreadRegistry | null = null;
  const findThread = (threadId: string) => registryRef?.get(threadId);
  const terminals = new TerminalHub(findThread, (text) => redaction.text(text));
  const onTerminal = (threadId: string, msg: WorkerTerminalMsg) => terminals.onAgentMessage(threadId, msg);
  // `registry` is read only after loadAll, when the environments first look at the threads.
  const environments = await WorktreeEnvironments.open(options.dataDir, () => registry.list(), logger);
  // `registry` is read only once a thread asks for a slot, after loadAll.
  const slots = new AgentSlots((await loadSettings(options.dataDir)).settings.maxAgents, () => registry.hosts());
  const registry = createRegistry(options, logger, batcher, demo, { detectSandbox, redaction, environments, onTerminal, slots });
  registryRef = registry;
  await registry.loadAll();
  await environments.forgetRemovedWorktrees();
  // A thread still setting up when Flotilla stopped has a half-made worktree: it is removed
  // (its work kept) like one with no thread, and the thread fails saying so.
  const settingUp = (threadId: string) => registry.get(threadId)?.status === 'setting_up';
  await cleanUpInterruptedCreations(options.dataDir, (threadId) => registry.get(threadId) !== undefined && !settingUp(threadId), logger);
  await failInterruptedSetups(registry);
  const lifetime = new AbortController();
  // Commands still running when the fleet stops are waited for, and so is the background work
  // they started: a task creating worktrees is cancelled (and undone) rather than left half made.
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(job: Promise<T>): Promise<T> => {
    inFlight.add(job);
    job.finally(() => inFlight.delete(job)).catch(() => undefined);
    return job;
  };
  const task = {
    dataDir: options.dataDir,
    forceDemo: options.forceDemo,
    demo,
    logger,
    keyStore: options.keyStore,
    detectSandbox,
    createThread: (s: ThreadSummary) => registry.create(s),
    signal: lifetime.signal,
    environments,
    track,
    slots,
  };
  // The in-process connection's terminal views push to onTerminal's listeners.
  const terminalListeners = new Set<(push: TerminalPush) => void>();
  const inProcess = terminals.connect((push) => {
    for (const listener of [...terminalListeners]) listener(push);
  });
  const handlers = createCommandHandlers({ options, registry, logger, task, detectSandbox, terminals: createTerminalHandlers(terminals, inProcess, findThread), run: createRunHandlers(terminals, findThread, async (repoPath) => {
    const env = await environments.load(repoPath);
    return env.ok ? ok(env.value.run) : env;
  }) });
  let disposed: Promise<void> | null = null;
  const serve = (table: CommandHandlers) => {
    const handle = createApiHandler(table, logger);
    const typedCall = createTypedApiHandler(table, logger);
    return {
      handle: async (command: string, params: unknown) =>
        disposed ? fail('internal', 'Flotilla is shutting down; try again after it restarts.') : redaction.result(command, await track(handle(command, params))),
      call: (async (command, params) =>
        disposed ? fail('internal', 'Flotilla is shutting down; try again after it restarts.') : redaction.result(command, await track(typedCall(command, params)))) as ReturnType<typeof createTypedApiHandler>,
    };
  };
  return {
    appVersion: options.version,
    ...serve(handlers),
    onTerminal: (listener) => {
      terminalListeners.add(listener);
      return () => terminalListeners.delete(listener);
    },
    connect: (sink) => {
      const conn = terminals.connect(sink);
      return { ...serve({ ...handlers, ...createTerminalHandlers(terminals, conn, findThread) }), close: () => terminals.disconnect(conn) };
    },
    onEvent: (listener) => batcher.onEvent((event) => listener(redaction.event(event))),
    dispose: () =>
      (disposed ??= (async () => {
        lifetime.abort();
        await Promise.allSettled([...inFlight]);
        await registry.disposeAll();
        terminals.dispose();
        batcher.dispose();
        await demo.close();
        releaseLock();
      })()),
  };
}
