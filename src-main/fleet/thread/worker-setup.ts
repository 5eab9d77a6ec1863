/**
 * What a worker is started with: its WorkerConfig (model, instructions) and its environment.
 * The API key is read here (key store or environment), at spawn time, and travels only inside the
 * configure op. The worker's environment is an allow-list (worker-env.ts), so neither the key nor
 * any other variable of the fleet reaches the agent's shell unless the user named it in agentEnv.
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../../src-shared/protocol/api';
import type { ModelConfig, WorkerConfig } from '../../../src-shared/protocol/agent';
import type { ThreadSummary } from '../../../src-shared/domain/thread';
import type { DemoModel } from '../demo-model';
import type { KeyStore } from '../fleet-service';
import { userCodexHome } from '../../codex/codex-home';
import { buildSandboxPolicy, gitCommonDir } from './sandbox-policy';
import { detectSandbox, type SandboxSupport } from '../../terminal/sandbox/detect';
import { keyEnvProblem } from '../settings';
import { activeProvider, loadSettings, providerByLabel, type ProviderSettings, type Settings } from '../settings';
import { agentEnvValues, workerEnvironment } from './worker-env';
import type { WorkerSetup } from './worker-link';

/** A model slug Codex 0.169 knows (its tools and prompts depend on it); the demo server answers any model. */
const CODEX_DEMO_MODEL = 'gpt-5.5';

/** Which variables may hold keys (settings' keyEnv), and the file to name when one may not. */
export interface DeclaredKeys {
  keyEnv: readonly string[];
  settingsFile: string;
}

/**
 * The provider's model config with its key: the key stored in Settings first, else the one in
 * $apiKeyEnv. A provider with neither an env var nor a stored key talks to a server without auth.
 * An apiKeyEnv the user did not declare for keys is refused, stored key or not: the key would go
 * as a bearer token to whatever baseUrl the provider names.
 */
export async function providerModelConfig(
  provider: ProviderSettings,
  keyStore: KeyStore | undefined,
  declared: DeclaredKeys,
): Promise<Result<ModelConfig>> {
  const undeclared = keyEnvProblem(provider.apiKeyEnv, declared.keyEnv, declared.settingsFile);
  if (undeclared) return fail('invalid_request', `Provider ${provider.label}: ${undeclared}`);
  const stored = keyStore?.canStore ? await keyStore.get(provider.label) : null;
  const apiKey = stored ?? (provider.apiKeyEnv ? process.env[provider.apiKeyEnv] : '');
  if (apiKey === undefined || (provider.apiKeyEnv && apiKey === '')) {
    return fail('invalid_request', `Provider ${provider.label} has no API key: set ${provider.apiKeyEnv} or store a key in Settings.`);
  }
  return ok({
    api: provider.api,
    baseUrl: provider.baseUrl,
    apiKey,
    model: provider.model,
    reasoningEffort: provider.reasoningEffort ?? null,
  });
}

/** The user-level AGENTS.md in the data dir, which goes before the repository's own. */
export async function readUserInstructions(dataDir: string): Promise<string | null> {
  try {
    return await readFile(join(dataDir, 'AGENTS.md'), 'utf8');
  } catch {
    return null;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((info) => info.isDirectory(), () => false);
}

export interface WorkerSetupContext {
  dataDir: string;
  demo: DemoModel;
  /** How many agents the thread's task has (for the demo script's {{agents}}). */
  taskSize(taskId: string): number;
  keyStore?: KeyStore | undefined;
  /** What this machine's sandbox offers; default: detectSandbox() (a test may pretend bwrap is missing). */
  detectSandbox?: (() => Promise<SandboxSupport>) | undefined;
  /** The FLOTILLA_* variables of the thread's worktree (its port block among them). */
  worktreeVars?: ((summary: ThreadSummary) => Record<string, string>) | undefined;
}

async function modelFor(ctx: WorkerSetupContext, summary: ThreadSummary, provider: ProviderSettings | null, declared: DeclaredKeys) {
  if (summary.demo) {
    await ctx.demo.ensureRegistered(summary.id, {
      agent: String(summary.agentIndex),
      agents: String(ctx.taskSize(summary.taskId)),
      task: summary.prompt,
      thread: summary.id,
      branch: summary.branch,
    });
    return ctx.demo.modelConfig();
  }
  if (!provider) throw new Error(`No model provider is configured any more in ${declared.settingsFile}. Add one to continue this thread.`);
  const config = await providerModelConfig(provider, ctx.keyStore, declared);
  if (!config.ok) throw new Error(config.error.message);
  return config.value;
}

/** Rejects with a message a person can act on; the thread shows it as its failure. */
export async function prepareWorkerSetup(ctx: WorkerSetupContext, summary: ThreadSummary): Promise<WorkerSetup> {
  if (!(await isDirectory(summary.worktreePath))) {
    throw new Error(`its worktree ${summary.worktreePath} no longer exists. Start a new task to continue this work.`);
  }
  const { settings, path, problem } = await loadSettings(ctx.dataDir);
  if (problem) throw new Error(problem);
  // The provider the thread was started with (task.run's `providers`), else today's default.
  const provider = summary.demo ? null : (providerByLabel(settings, summary.providerLabel) ?? activeProvider(settings));
  const found = await modelFor(ctx, summary, provider, { keyEnv: settings.keyEnv, settingsFile: path });
  // Codex knows its models by slug: in demo mode it asks the demo server for one it knows.
  const model = summary.demo && summary.agent === 'codex' ? { ...found, model: CODEX_DEMO_MODEL } : found;
  // The user's own agentEnv wins over ours, as it always has (a FLOTILLA_PORT set there stays).
  const agentEnv = { ...(ctx.worktreeVars?.(summary) ?? {}), ...agentEnvValues(process.env, settings.agentEnv) };
  const sandbox = buildSandboxPolicy({
    support: await (ctx.detectSandbox ?? detectSandbox)(),
    allowUnsandboxed: settings.allowUnsandboxed,
    approvalMode: summary.approvalMode,
    worktreePath: summary.worktreePath,
    commonGitDir: await gitCommonDir(summary.repoPath),
    dataDir: ctx.dataDir,
    home: homedir(),
    grants: summary.sandbox,
    settingsFile: path,
  });
  // Never a weaker sandbox than the policy: no worker rather than an uncontained one.
  if (!sandbox.ok) throw new Error(sandbox.error.message);
  return {
    config: {
      threadId: summary.id,
      worktreePath: summary.worktreePath,
      repoRoot: summary.repoPath,
      model,
      // The thread's current mode: a restarted worker starts with the mode last chosen.
      approvalMode: summary.approvalMode,
      // What the model's environment context says; a later change is appended, never edited in.
      ...(summary.contextApprovalMode ? { contextApprovalMode: summary.contextApprovalMode } : {}),
      userInstructions: await readUserInstructions(ctx.dataDir),
      turnTimeoutMinutes: settings.turnTimeoutMinutes,
      compaction: compactionSettings(provider),
      ...(settings.commandTimeoutSeconds === null ? {} : { commandTimeoutSeconds: settings.commandTimeoutSeconds }),
      sandbox: sandbox.value,
      agentEnv,
      ...codexSettings(ctx.dataDir, summary, settings),
    },
    env: workerEnvironment(process.env, agentEnv),
  };
}

/**
 * A Codex thread's agent kind and its own CODEX_HOME under the data dir, which with codexSetup
 * "mine" (the task's choice, else the settings') takes the user's login and config (docs/codex-agent.md).
 */
function codexSettings(dataDir: string, summary: ThreadSummary, settings: Pick<Settings, 'codexPath' | 'codexSetup'>): Partial<WorkerConfig> {
  if (summary.agent !== 'codex') return {};
  const { codexPath } = settings;
  const codexSetup = summary.codexSetup ?? settings.codexSetup;
  return {
    agent: 'codex',
    codex: { home: join(dataDir, 'codex', summary.id), ...(codexPath ? { path: codexPath } : {}), ...(codexSetup === 'mine' ? { userHome: userCodexHome() } : {}) },
  };
}

/** When the worker compacts: the provider's contextWindow and compactAt; the worker's defaults otherwise. */
function compactionSettings(provider: ProviderSettings | null): { contextWindow?: number; threshold?: number } {
  return {
    ...(provider?.contextWindow === undefined ? {} : { contextWindow: provider.contextWindow }),
    ...(provider?.compactAt === undefined ? {} : { threshold: provider.compactAt }),
  };
}
