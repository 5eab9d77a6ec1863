/**
 * createFleet: the fleet the transports (Electron IPC, WebSocket server, CLI) talk to. Wires the
 * thread registry, the event batcher, the demo model and the command handlers together, and
 * restores every thread from its log on start.
 */
import { mkdir } from 'node:fs/promises';
import { fail } from '../../src-shared/protocol/api';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import { createCheckpoint } from '../git/checkpoint';
import { worktreeDiffStat } from '../git/diff-stat';
import { createApiHandler } from './api-handler';
import { createCommandHandlers } from './commands';
import { lockDataDir } from './data-dir-lock';
import { cleanUpInterruptedCreations } from './interrupted-creation';
import { createDemoModel, type DemoModel } from './demo-model';
import { createEventBatcher, type EventBatcher } from './event-batcher';
import type { FleetOptions, FleetService } from './fleet-service';
import { consoleLogger, type FleetLogger } from './logger';
import { ThreadRegistry } from './thread-registry';
import { prepareWorkerSetup } from './worker-setup';

function createRegistry(options: FleetOptions, logger: FleetLogger, batcher: EventBatcher, demo: DemoModel): ThreadRegistry {
  const registry: ThreadRegistry = new ThreadRegistry(
    options.dataDir,
    {
      spawnWorker: options.spawnWorker,
      workerEntry: options.workerEntry,
      idleWorkerGraceMs: options.idleWorkerGraceMs,
      logger,
      publish: (event, summary) => batcher.push(event, summary),
      prepareWorker: (summary) =>
        prepareWorkerSetup({ dataDir: options.dataDir, demo, taskSize: (id) => registry.taskSize(id), keyStore: options.keyStore }, summary),
      diffStat: (summary) => worktreeDiffStat(summary.worktreePath, summary.baseBranch),
      checkpoint: (summary, turn) => createCheckpoint(summary.worktreePath, summary.id, turn),
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
  const demo = createDemoModel(options.startDemoServer);
  const registry = createRegistry(options, logger, batcher, demo);
  await registry.loadAll();
  await cleanUpInterruptedCreations(options.dataDir, (threadId) => registry.get(threadId) !== undefined, logger);
  const lifetime = new AbortController();
  const task = {
    dataDir: options.dataDir,
    forceDemo: options.forceDemo,
    demo,
    logger,
    keyStore: options.keyStore,
    createThread: (s: ThreadSummary) => registry.create(s),
    signal: lifetime.signal,
  };
  const handle = createApiHandler(createCommandHandlers({ options, registry, logger, task }), logger);
  // Commands still running when the fleet stops are waited for: a task creating worktrees is
  // cancelled (and undone) rather than left half made.
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(job: Promise<T>): Promise<T> => {
    inFlight.add(job);
    job.finally(() => inFlight.delete(job)).catch(() => undefined);
    return job;
  };
  let disposed: Promise<void> | null = null;
  return {
    handle: async (command, params) =>
      disposed ? fail('internal', 'Flotilla is shutting down; try again after it restarts.') : track(handle(command, params)),
    onEvent: (listener) => batcher.onEvent(listener),
    dispose: () =>
      (disposed ??= (async () => {
        lifetime.abort();
        await Promise.allSettled([...inFlight]);
        await registry.disposeAll();
        batcher.dispose();
        await demo.close();
        releaseLock();
      })()),
  };
}
