/** The fleet's implementation of each client command; validation happens in api-handler. */
import { type AppInfo, fail, ok, type Result } from '../../../src-shared/protocol/api';
import { resolveCodexBinary } from '../../codex/codex-binary';
import { userCodexHome, userSetupProblem } from '../../codex/codex-home';
import { answeringGitFailures } from '../../git/git-error-result';
import { inspectRepo } from '../../git/repo';
import type { CommandHandlers } from './api-handler';
import { createControlHandlers } from './control-commands';
import { DEMO_PROVIDER_LABEL } from '../demo-model';
import { createFolderHandlers } from './folder-commands';
import { createMergeHandlers } from './merge-commands';
import { createReviewHandlers } from './review-commands';
import { createSandboxHandlers, currentSandboxStatus, setApprovalModeGuarded } from './sandbox-commands';
import type { FleetOptions } from '../fleet-service';
import type { FleetLogger } from '../logger';
import { activeProvider, loadSettings, type Settings } from '../settings';
import { createSettingsHandlers } from './settings-commands';
import { archiveThread, restoreThread, retrySetup, runTask, runTeardown, skipSetup, type TaskContext } from '../task';
import type { ThreadHost } from '../thread';
import type { ThreadRegistry } from '../thread';
import type { SandboxSupport } from '../../terminal/sandbox/detect';
import type { RunHandlers, TerminalHandlers } from '../terminals';

const NO_HOSTS = 'This Flotilla was started without remote hosts. Start it with `flotilla serve --with-hosts` to add and connect hosts from the dashboard, or use `flotilla hosts add`.';

export interface CommandContext {
  options: FleetOptions;
  detectSandbox(): Promise<SandboxSupport>;
  registry: ThreadRegistry;
  task: TaskContext;
  logger: FleetLogger;
  /** The terminal commands of the fleet's in-process connection (each transport connection has its own). */
  terminals: TerminalHandlers;
  run: RunHandlers;
}

function findThread(registry: ThreadRegistry, threadId: string): Result<ThreadHost> {
  const host = registry.get(threadId);
  return host ? ok(host) : fail('not_found', `No thread ${threadId}. It may belong to another data dir.`);
}

/**
 * The codex a Codex thread would run now (settings' codexPath, PATH, then the bundled one) and
 * whose setup it uses: Flotilla's provider, or the user's own CODEX_HOME, which needs a login.
 */
async function codexInfo(settings: Settings): Promise<NonNullable<AppInfo['codex']>> {
  const found = await resolveCodexBinary(settings.codexPath ?? undefined);
  const setup = settings.codexSetup === 'mine' ? { setup: 'mine' as const, userHome: userCodexHome() } : { setup: 'flotilla' as const, userHome: null };
  const problem = found.ok ? (setup.userHome ? userSetupProblem(setup.userHome) : null) : found.message;
  return found.ok ? { path: found.binary.path, version: found.binary.version, problem, ...setup } : { path: null, version: null, problem, ...setup };
}

export function createCommandHandlers(ctx: CommandContext): CommandHandlers {
  const { options, registry } = ctx;
  const sandbox = { dataDir: options.dataDir, detectSandbox: ctx.detectSandbox, findThread: (id: string) => findThread(registry, id) };
  // A git failure is answered with its classified code and hint, never as an `internal` bug.
  return answeringGitFailures<CommandHandlers>({
    'app.info': async () => {
      const { settings, problem } = await loadSettings(options.dataDir);
      const provider = activeProvider(settings);
      // Both probes may start a process; the dashboard waits for this answer before it shows.
      const [sandbox, codex] = await Promise.all([currentSandboxStatus(options.dataDir, ctx.detectSandbox), codexInfo(settings)]);
      // A broken file is not "no provider configured": it is reported, not shown as demo mode.
      const demoMode = options.forceDemo || (problem === null && provider === null);
      return ok({
        version: options.version,
        demoMode,
        dataDir: options.dataDir,
        maxAgents: settings.maxAgents,
        approvalMode: settings.approvalMode,
        initialRepo: options.initialRepo,
        providerLabel: demoMode || !provider ? DEMO_PROVIDER_LABEL : provider.label,
        canPickFolder: options.pickFolder !== null,
        providers: demoMode ? [] : settings.providers.map(({ label, api, model }) => ({ label, api, model })),
        sandbox,
        settingsProblem: problem,
        codex,
      });
    },
    'repo.open': async ({ path }) => inspectRepo(path, ctx.task.signal),
    'repo.pick': async () => {
      if (!options.pickFolder) return fail('invalid_request', 'This client has no folder picker; type the repository path instead.');
      return ok(await options.pickFolder());
    },
    'task.run': async (params) => {
      // Only a dashboard of many hosts (src-main/remote/hosts-fleet.ts) routes a task to a host.
      if (params.host !== undefined) return fail('not_found', `Host ${params.host} is not connected to this Flotilla; start it with \`flotilla serve --with-hosts\` or leave the host out.`);
      return runTask(ctx.task, params);
    },
    'hosts.status': async () => ok([]),
    'hosts.add': async () => fail('hosts_unavailable', NO_HOSTS),
    'hosts.remove': async () => fail('hosts_unavailable', NO_HOSTS),
    ...createFolderHandlers(),
    'threads.list': async () => ok(registry.list()),
    'thread.events': async ({ threadId, afterSeq, limit }) => {
      const host = findThread(registry, threadId);
      if (!host.ok) return host;
      const page = host.value.eventsAfter(afterSeq, limit);
      return ok({ ...page, nextAfterSeq: page.events.at(-1)?.seq ?? afterSeq });
    },
    'thread.send': async ({ threadId, text, mode }) => {
      const host = findThread(registry, threadId);
      return host.ok ? host.value.send(text, mode) : host;
    },
    'thread.interrupt': async ({ threadId }) => {
      const host = findThread(registry, threadId);
      return host.ok ? host.value.interrupt() : host;
    },
    'thread.approve': async ({ threadId, requestId, decision }) => {
      const host = findThread(registry, threadId);
      return host.ok ? host.value.approve(requestId, decision) : host;
    },
    'thread.setApprovalMode': async ({ threadId, mode }) => setApprovalModeGuarded(sandbox, threadId, mode),
    ...createControlHandlers(registry, (threadId) => findThread(registry, threadId)),
    // Their git work stops when the fleet does (and ends `cancelled`, with nothing half-done).
    ...createReviewHandlers(registry, ctx.task.signal),
    ...createMergeHandlers(registry, ctx.task.signal, (host) => runTeardown(ctx.task, host)),
    // A new max agents applies at once: raising it starts threads waiting for a slot.
    ...createSettingsHandlers(options.dataDir, options.keyStore, (maxAgents) => ctx.task.slots?.setMax(maxAgents)),
    ...createSandboxHandlers(sandbox),
    'thread.setupRetry': async ({ threadId }) => {
      const host = findThread(registry, threadId);
      return host.ok ? retrySetup(ctx.task, host.value) : host;
    },
    'thread.setupSkip': async ({ threadId }) => {
      const host = findThread(registry, threadId);
      return host.ok ? skipSetup(ctx.task, host.value) : host;
    },
    'thread.archive': async ({ threadId }) => {
      const host = findThread(registry, threadId);
      return host.ok ? archiveThread(ctx.task, host.value) : host;
    },
    'thread.restore': async ({ threadId }) => {
      const host = findThread(registry, threadId);
      return host.ok ? restoreThread(ctx.task, host.value) : host;
    },
    ...ctx.terminals,
    ...ctx.run,
  });
}
