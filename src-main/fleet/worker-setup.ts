/**
 * What a worker is started with: its WorkerConfig (model, instructions) and its environment.
 * The API key is read here (key store or environment), at spawn time, and travels only inside the
 * configure op; it is removed from the worker's environment so the agent's shell cannot read it.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../src-shared/protocol/api';
import type { ModelConfig } from '../../src-shared/protocol/agent';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import type { DemoModel } from './demo-model';
import type { KeyStore } from './fleet-service';
import { activeProvider, loadSettings, providerByLabel, type ProviderSettings } from './settings';
import type { WorkerSetup } from './worker-link';

/**
 * The provider's model config with its key: the key stored in Settings first, else the one in
 * $apiKeyEnv. A provider with neither an env var nor a stored key talks to a server without auth.
 */
export async function providerModelConfig(provider: ProviderSettings, keyStore: KeyStore | undefined): Promise<Result<ModelConfig>> {
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

function workerEnv(secretKeys: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !secretKeys.includes(key)) env[key] = value;
  }
  return env;
}

export interface WorkerSetupContext {
  dataDir: string;
  demo: DemoModel;
  /** How many agents the thread's task has (for the demo script's {{agents}}). */
  taskSize(taskId: string): number;
  keyStore?: KeyStore | undefined;
}

async function modelFor(ctx: WorkerSetupContext, summary: ThreadSummary, provider: ProviderSettings | null, settingsFile: string) {
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
  if (!provider) throw new Error(`No model provider is configured any more in ${settingsFile}. Add one to continue this thread.`);
  const config = await providerModelConfig(provider, ctx.keyStore);
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
  const model = await modelFor(ctx, summary, provider, path);
  const secretKeys = settings.providers.flatMap((p) => (p.apiKeyEnv ? [p.apiKeyEnv] : []));
  return {
    config: {
      threadId: summary.id,
      worktreePath: summary.worktreePath,
      repoRoot: summary.repoPath,
      model,
      // The thread's current mode: a restarted worker starts with the mode last chosen.
      approvalMode: summary.approvalMode,
      userInstructions: await readUserInstructions(ctx.dataDir),
      turnTimeoutMinutes: settings.turnTimeoutMinutes,
      compaction: compactionSettings(provider),
      ...(settings.commandTimeoutSeconds === null ? {} : { commandTimeoutSeconds: settings.commandTimeoutSeconds }),
    },
    env: workerEnv(secretKeys),
  };
}

/** When the worker compacts: the provider's contextWindow and compactAt; the worker's defaults otherwise. */
function compactionSettings(provider: ProviderSettings | null): { contextWindow?: number; threshold?: number } {
  return {
    ...(provider?.contextWindow === undefined ? {} : { contextWindow: provider.contextWindow }),
    ...(provider?.compactAt === undefined ? {} : { threshold: provider.compactAt }),
  };
}
