/**
 * A CliContext for in-process command tests: captured streams, a temp FLOTILLA_HOME, a given
 * fleet, and signals the test raises itself.
 */
import { NEW_THREAD_DEFAULTS, type ThreadSummary } from '../../../src-shared/domain/thread';
import type { FleetOptions, FleetService } from '../../fleet/fleet-service';
import type { CliContext, SignalWait } from '../context';

export interface CapturedStream {
  write(text: string): boolean;
  text(): string;
  isTTY?: boolean;
  columns?: number;
}

export function capture(isTTY = false): CapturedStream {
  let out = '';
  return {
    write(text) {
      out += text;
      return true;
    },
    text: () => out,
    isTTY,
    columns: 100,
  };
}

export interface FakeContext extends CliContext {
  stdout: CapturedStream;
  stderr: CapturedStream;
  fleetOptions: FleetOptions[];
  /** Delivers a signal to whoever is waiting for it. */
  raise(signal: NodeJS.Signals): void;
  waiting(): number;
}

export function fakeContext(home: string, fleet: FleetService): FakeContext {
  const waiters = new Set<{ signals: NodeJS.Signals[]; resolve: (s: NodeJS.Signals) => void }>();
  const ctx: FakeContext = {
    stdout: capture(),
    stderr: capture(),
    env: { FLOTILLA_HOME: home },
    cwd: home,
    bundleDir: '/nonexistent/dist/main',
    pid: 4242,
    fleetOptions: [],
    async createFleet(options) {
      ctx.fleetOptions.push(options);
      return fleet;
    },
    waitForSignal(signals): SignalWait {
      let waiter: { signals: NodeJS.Signals[]; resolve: (s: NodeJS.Signals) => void } | undefined;
      const promise = new Promise<NodeJS.Signals>((resolve) => {
        waiter = { signals, resolve };
        waiters.add(waiter);
      });
      return { promise, dispose: () => void (waiter && waiters.delete(waiter)) };
    },
    raise(signal) {
      for (const waiter of [...waiters]) if (waiter.signals.includes(signal)) waiter.resolve(signal);
    },
    waiting: () => waiters.size,
  };
  return ctx;
}

export function fakeThread(overrides: Partial<ThreadSummary> & { id: string; agentIndex: number }): ThreadSummary {
  return {
    ...NEW_THREAD_DEFAULTS,
    taskId: 'task-1',
    repoPath: '/repo',
    baseBranch: 'main',
    branch: `flotilla/task-${overrides.id}`,
    worktreePath: `/wt/${overrides.id}`,
    prompt: 'Do the thing',
    status: 'starting',
    activity: '',
    createdAt: 1_000,
    finishedAt: null,
    usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 },
    diffStat: null,
    providerLabel: 'Demo model',
    demo: true,
    error: null,
    lastSeq: 0,
    ...overrides,
  };
}
