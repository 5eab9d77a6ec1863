/**
 * task.run: checks everything that can be checked before any agent starts (repository, agent
 * count, model), then creates one worktree and one thread per agent and starts them all.
 */
import { fail, ok, type CommandResult, type Result } from '../../src-shared/protocol/api';
import { NEW_THREAD_DEFAULTS, ZERO_USAGE, type RepoInfo, type ThreadSummary } from '../../src-shared/domain/thread';
import { inspectRepo } from '../git/repo';
import { DEMO_PROVIDER_LABEL, type DemoModel } from './demo-model';
import type { DemoScript } from '../demo/script';
import { newTaskId } from './ids';
import { errorMessage, type FleetLogger } from './logger';
import { isModelServerReachable } from './model-probe';
import { activeProvider, loadSettings, type Settings } from './settings';
import { createWorktrees, planWorktrees, taskWorktreesRoot, type PlannedWorktree } from './task-worktrees';
import type { ThreadHost } from './thread-host';
import { providerModelConfig } from './worker-setup';

export interface TaskParams {
  repoPath: string;
  prompt: string;
  agents: number;
  demoScript?: string | null | undefined;
}

export interface TaskContext {
  dataDir: string;
  forceDemo: boolean;
  demo: DemoModel;
  logger: FleetLogger;
  createThread(summary: ThreadSummary): ThreadHost;
}

type ModelChoice = { demo: true; label: string; script: DemoScript } | { demo: false; label: string };

async function chooseModel(ctx: TaskContext, settings: Settings, settingsFile: string, params: TaskParams): Promise<Result<ModelChoice>> {
  const provider = activeProvider(settings);
  if (ctx.forceDemo || !provider) {
    const script = await ctx.demo.resolveScript(params.demoScript);
    if (!script.ok) return script;
    try {
      await ctx.demo.modelConfig(); // starts the server now, before any worktree exists
    } catch (error) {
      return fail('model_unreachable', `Could not start the demo model server: ${errorMessage(error)}.`);
    }
    return ok({ demo: true, label: DEMO_PROVIDER_LABEL, script: script.value });
  }
  const config = providerModelConfig(provider, settingsFile);
  if (!config.ok) return config;
  if (!(await isModelServerReachable(config.value.baseUrl, config.value.apiKey || null))) {
    return fail(
      'model_unreachable',
      `Cannot reach the model server at ${config.value.baseUrl}. Start it or fix baseUrl in ${settingsFile}.`,
    );
  }
  return ok({ demo: false, label: provider.label });
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
    status: 'starting',
    activity: 'Starting…',
    createdAt: Date.now(),
    finishedAt: null,
    usage: ZERO_USAGE,
    diffStat: null,
    providerLabel: model.label,
    demo: model.demo,
    error: null,
    lastSeq: 0,
    ...NEW_THREAD_DEFAULTS,
  };
}

export async function runTask(ctx: TaskContext, params: TaskParams): Promise<Result<CommandResult<'task.run'>>> {
  const repo = await inspectRepo(params.repoPath);
  if (!repo.ok) return repo;
  const { settings, path: settingsFile, problem } = await loadSettings(ctx.dataDir);
  if (problem) ctx.logger.warn(problem);
  if (params.agents < 1 || params.agents > settings.maxAgents) {
    return fail(
      'invalid_agent_count',
      `Choose between 1 and ${settings.maxAgents} agents (raise maxAgents in ${settingsFile} for more).`,
    );
  }
  const model = await chooseModel(ctx, settings, settingsFile, params);
  if (!model.ok) return model;
  const root = await taskWorktreesRoot(ctx.dataDir, repo.value);
  if (!root.ok) return root;
  const worktrees = await createWorktrees(repo.value, planWorktrees(root.value, params.prompt, params.agents), ctx.logger);
  if (!worktrees.ok) return worktrees;
  const taskId = newTaskId();
  const hosts: ThreadHost[] = [];
  for (const [index, plan] of worktrees.value.entries()) {
    const summary = threadSummary(repo.value, taskId, index, plan, params, model.value);
    if (model.value.demo) {
      // Registered before the worker exists, so its first model request finds its script.
      await ctx.demo.register(summary.id, model.value.script, {
        agent: String(summary.agentIndex),
        agents: String(params.agents),
        task: params.prompt,
        thread: summary.id,
        branch: summary.branch,
      });
    }
    const host = ctx.createThread(summary);
    host.start(params.prompt);
    hosts.push(host);
  }
  await Promise.all(hosts.map((host) => host.settled()));
  return ok({ taskId, threads: hosts.map((host) => host.summary) });
}
