/**
 * task.run: checks everything that can be checked before any agent starts (repository, agent
 * count, model, flotilla.json), records one thread per agent (setting up) and returns; the
 * worktrees are made in the background (background-creation.ts), each agent starting once its
 * worktree is ready.
 */
import { fail, ok, type CommandResult, type Result } from '../../../src-shared/protocol/api';
import { NEW_THREAD_DEFAULTS, ZERO_USAGE, type RepoInfo, type ThreadSummary } from '../../../src-shared/domain/thread';
import type { AgentKind, ApprovalMode, CodexSetup } from '../../../src-shared/protocol/agent';
import { NO_GRANTS, type SandboxGrants, type SandboxStatus } from '../../../src-shared/protocol/sandbox';
import type { SandboxSupport } from '../../terminal/sandbox/detect';
import { inspectRepo } from '../../git/repo';
import { DEMO_PROVIDER_LABEL, type DemoModel } from '../demo-model';
import type { KeyStore } from '../fleet-service';
import type { DemoScript } from '../../demo/script';
import { newTaskId } from '../ids';
import { errorMessage, type FleetLogger } from '../logger';
import { isModelServerReachable } from './model-probe';
import { type ModelPrice, priceFor } from '../settings';
import { activeProvider, loadSettings, providerByLabel, type Settings } from '../settings';
import { createInBackground } from './background-creation';
import { hasChanges, readCheckoutChanges, type CheckoutChanges } from '../../project/carry-changes';
import { recordPendingCreation } from './pending-creation';
import { planWorktrees, taskWorktreesRoot, type PlannedWorktree } from './task-worktrees';
import type { ThreadHost } from '../thread';
import { fullAutoRefusal, normalizeGrants, sandboxStatus } from '../thread';
import { providerModelConfig } from '../thread';
import type { WorktreeEnvironments } from './worktree-environment';
import type { AgentSlots } from './agent-slots';

/** The most agents one task may have: the most max agents can be (settings.setDefaults). */
export const MAX_TASK_AGENTS = 64;

export interface TaskParams {
  repoPath: string;
  prompt: string;
  agents: number;
  demoScript?: string | null | undefined;
  approvalMode?: ApprovalMode | undefined;
  /** Provider label per agent, or one for all; absent = the default provider. */
  providers?: string[] | undefined;
  /** Agent kind per agent, or one for all; absent = builtin. */
  agentKinds?: AgentKind[] | undefined;
  /** Whose Codex setup its Codex agents use; absent = settings' codexSetup. */
  codexSetup?: CodexSetup | undefined;
  /** What every agent's sandbox allows past the default policy; absent = nothing. */
  sandbox?: SandboxGrants | undefined;
  /** Each worktree gets the checkout's uncommitted changes. */
  carryChanges?: boolean | undefined;
}

export interface TaskContext {
  dataDir: string;
  forceDemo: boolean;
  demo: DemoModel;
  logger: FleetLogger;
  createThread(summary: ThreadSummary): ThreadHost;
  keyStore?: KeyStore | undefined;
  detectSandbox(): Promise<SandboxSupport>;
  /** Aborts when the fleet is stopping: a task still creating worktrees is cancelled and undone. */
  signal?: AbortSignal | undefined;
  /** flotilla.json, copies and port blocks for new worktrees. */
  environments: WorktreeEnvironments;
  /** Work that outlives the command (the background worktree creation): the fleet waits for it when it stops. */
  track?: ((job: Promise<unknown>) => void) | undefined;
  /** Max agents running at once across the fleet; absent: a task's threads start as soon as their worktrees are ready. */
  slots?: AgentSlots | undefined;
}

type ModelChoice = { demo: true; label: string; script: DemoScript; price: ModelPrice | null } | { demo: false; label: string; price: ModelPrice | null };

async function chooseModels(ctx: TaskContext, settings: Settings, settingsFile: string, params: TaskParams): Promise<Result<ModelChoice[]>> {
  const labels = ctx.forceDemo ? [] : (params.providers ?? []);
  if (labels.length > 1 && labels.length !== params.agents) {
    return fail('invalid_request', `Give one provider for all agents or one per agent (${params.agents}), not ${labels.length}.`);
  }
  const provider = activeProvider(settings);
  if (labels.length === 0 && (ctx.forceDemo || !provider)) {
    const demo = await chooseDemo(ctx, settings, params);
    return demo.ok ? ok(Array.from({ length: params.agents }, () => demo.value)) : demo;
  }
  const chosen = new Map<string, ModelChoice>();
  for (const label of labels.length > 0 ? labels : [provider?.label ?? '']) {
    if (chosen.has(label)) continue;
    const checked = await checkProvider(settings, settingsFile, label, ctx.keyStore);
    if (!checked.ok) return checked;
    chosen.set(label, checked.value);
  }
  const perAgent = Array.from({ length: params.agents }, (_, i) => labels[labels.length === 1 ? 0 : i] ?? provider?.label ?? '');
  return ok(perAgent.map((label) => chosen.get(label) as ModelChoice));
}

async function chooseDemo(ctx: TaskContext, settings: Settings, params: TaskParams): Promise<Result<ModelChoice>> {
  const script = await ctx.demo.resolveScript(params.demoScript);
  if (!script.ok) return script;
  let model: string;
  try {
    model = (await ctx.demo.modelConfig()).model; // starts the server now, before any worktree exists
  } catch (error) {
    return fail('model_unreachable', `Could not start the demo model server: ${errorMessage(error)}.`);
  }
  return ok({ demo: true, label: DEMO_PROVIDER_LABEL, script: script.value, price: priceFor(settings.prices, model) });
}

async function checkProvider(settings: Settings, settingsFile: string, label: string, keyStore: KeyStore | undefined): Promise<Result<ModelChoice>> {
  const provider = providerByLabel(settings, label);
  if (!provider) {
    const known = settings.providers.map((p) => `"${p.label}"`).join(', ');
    const configured = known === '' ? 'No providers are configured' : `Configured providers: ${known}`;
    return fail('invalid_request', `Unknown provider "${label}". ${configured} (in ${settingsFile}).`);
  }
  const config = await providerModelConfig(provider, keyStore, { keyEnv: settings.keyEnv, settingsFile });
  if (!config.ok) return config;
  if (!(await isModelServerReachable(config.value.baseUrl, config.value.apiKey || null))) {
    return fail(
      'model_unreachable',
      `Cannot reach the model server at ${config.value.baseUrl}. Start it or fix baseUrl in ${settingsFile}.`,
    );
  }
  return ok({ demo: false, label: provider.label, price: priceFor(settings.prices, provider.model) });
}

/**
 * The task's own choice, else the settings', else: auto-edit with a real provider (edits are
 * reviewable in the diff, commands are not undoable), full-auto in demo mode (nothing to guard),
 * but auto-edit where no sandbox works, demo or not: there, nothing contains a command but the user.
 */
function chooseApprovalMode(params: TaskParams, settings: Settings, models: readonly ModelChoice[], sandbox: SandboxStatus): ApprovalMode {
  const fallback = sandbox.available && models.every((m) => m.demo) ? 'full-auto' : 'auto-edit';
  return params.approvalMode ?? settings.approvalMode ?? fallback;
}

function threadSummary(repo: RepoInfo, taskId: string, index: number, plan: PlannedWorktree, params: TaskParams, model: ModelChoice): ThreadSummary {
  return {
    id: plan.threadId,
    taskId,
    agentIndex: index + 1,
    repoPath: repo.path,
    // On a detached HEAD the commit itself is the base, so the field always names a revision.
    baseBranch: repo.currentBranch === 'HEAD' ? repo.headCommit : repo.currentBranch,
    branch: plan.branch,
    worktreePath: plan.path,
    prompt: params.prompt,
    status: 'setting_up',
    activity: 'Waiting to create its worktree…',
    createdAt: Date.now(),
    finishedAt: null,
    usage: ZERO_USAGE,
    diffStat: null,
    providerLabel: model.label,
    demo: model.demo,
    error: null,
    lastSeq: 0,
    ...NEW_THREAD_DEFAULTS,
    approvalMode: params.approvalMode ?? NEW_THREAD_DEFAULTS.approvalMode,
    contextApprovalMode: params.approvalMode ?? NEW_THREAD_DEFAULTS.approvalMode,
    sandbox: normalizeGrants(params.sandbox ?? NO_GRANTS),
    price: model.price,
    costUsd: model.price ? 0 : null,
    ...agentFor(params, index),
  };
}

/** The agent kind, and for a Codex agent the task's choice of Codex setup when it made one. */
function agentFor(params: TaskParams, index: number): Pick<ThreadSummary, 'agent' | 'codexSetup'> {
  const agent = agentKindFor(params, index);
  return agent === 'codex' && params.codexSetup ? { agent, codexSetup: params.codexSetup } : { agent };
}

function agentKindFor(params: TaskParams, index: number): AgentKind {
  const kinds = params.agentKinds ?? [];
  return kinds[kinds.length === 1 ? 0 : index] ?? 'builtin';
}

export async function runTask(ctx: TaskContext, params: TaskParams): Promise<Result<CommandResult<'task.run'>>> {
  const repo = await inspectRepo(params.repoPath);
  if (!repo.ok) return repo;
  const { settings, path: settingsFile, problem } = await loadSettings(ctx.dataDir);
  // Never the defaults instead: they would quietly run the demo model in place of a real provider.
  if (problem) return fail('bad_settings', problem);
  // Max agents limits how many run at once (agent-slots.ts): a task of more has the rest wait for a slot.
  if (!Number.isInteger(params.agents) || params.agents < 1 || params.agents > MAX_TASK_AGENTS) {
    return fail(
      'invalid_agent_count',
      `Choose between 1 and ${MAX_TASK_AGENTS} agents in one task; maxAgents (${settings.maxAgents} in ${settingsFile}) limits how many run at once, the rest wait for a slot.`,
    );
  }
  // settings.json is read on every task, so a hand edit of maxAgents applies from here on.
  ctx.slots?.setMax(settings.maxAgents);
  const kinds = params.agentKinds ?? [];
  if (kinds.length > 1 && kinds.length !== params.agents) {
    return fail('invalid_request', `Give one agent kind for all agents or one per agent (${params.agents}), not ${kinds.length}.`);
  }
  const models = await chooseModels(ctx, settings, settingsFile, params);
  if (!models.ok) return models;
  const status = sandboxStatus(await ctx.detectSandbox(), settings.allowUnsandboxed);
  const approvalMode = chooseApprovalMode(params, settings, models.value, status);
  // Before any worktree exists: a refused task leaves nothing behind.
  const refusal = approvalMode === 'full-auto' ? fullAutoRefusal(status, settingsFile) : null;
  if (refusal) return refusal;
  const projectEnv = await ctx.environments.load(repo.value.path);
  if (!projectEnv.ok) return projectEnv;
  const root = await taskWorktreesRoot(ctx.dataDir, repo.value);
  if (!root.ok) return root;
  let notes: string[];
  let changes: CheckoutChanges | null = null;
  try {
    notes = await ctx.environments.notesFor(repo.value.path, projectEnv.value, params.carryChanges ?? false, ctx.signal);
    // Read once, before the task answers: every worktree gets the same changes, whatever the user does next.
    if (params.carryChanges) changes = await readCheckoutChanges(repo.value.path, ctx.signal);
  } catch (error) {
    return fail('worktree_failed', `Could not read the state of ${repo.value.path}: ${errorMessage(error)}.`);
  }
  if (ctx.signal?.aborted) return fail('cancelled', 'Flotilla is stopping, so the task was cancelled before any worktree was made.');
  const taskId = newTaskId();
  const plans = planWorktrees(root.value, params.prompt, params.agents);
  // Before any thread or git work: a creation cut short by a kill is cleaned up at the next start.
  recordPendingCreation(ctx.dataDir, { taskId, repoPath: repo.value.path, baseCommit: repo.value.headCommit, worktrees: plans });
  const hosts = await recordThreads(ctx, repo.value, taskId, plans, models.value, { ...params, approvalMode });
  const creation = createInBackground({
    dataDir: ctx.dataDir,
    taskId,
    repo: repo.value,
    env: projectEnv.value,
    environments: ctx.environments,
    logger: ctx.logger,
    prompt: params.prompt,
    changes: changes && hasChanges(changes) ? changes : null,
    signal: ctx.signal,
    threads: hosts.map((host, index) => ({ host, plan: plans[index] as PlannedWorktree })),
    slots: ctx.slots,
  }).catch((error: unknown) => ctx.logger.error(`Creating the worktrees of task ${taskId} failed`, error));
  ctx.track?.(creation);
  return ok({ taskId, threads: hosts.map((host) => host.summary), notes });
}

/** One thread per agent, setting up; every log is on disk when this resolves. */
async function recordThreads(
  ctx: TaskContext,
  repo: RepoInfo,
  taskId: string,
  worktrees: PlannedWorktree[],
  models: ModelChoice[],
  params: TaskParams,
): Promise<ThreadHost[]> {
  const hosts: ThreadHost[] = [];
  for (const [index, plan] of worktrees.entries()) {
    const model = models[index] as ModelChoice;
    const summary = threadSummary(repo, taskId, index, plan, params, model);
    if (model.demo) {
      // Registered before the worker exists, so its first model request finds its script.
      await ctx.demo.register(summary.id, model.script, {
        agent: String(summary.agentIndex),
        agents: String(params.agents),
        task: params.prompt,
        thread: summary.id,
        branch: summary.branch,
      });
    }
    hosts.push(ctx.createThread(summary));
  }
  await Promise.all(hosts.map((host) => host.settled()));
  return hosts;
}
