/**
 * Turns a WorkerConfig into a running thread: its environment (shell and tools) and its session,
 * whose prefix (instructions, tools, environment context) is fixed here for the thread's life.
 */
import type { WorkerConfig } from '../../src-shared/protocol/agent';
import { replayHistory } from './history-replay';
import { buildThreadPrefix } from './instructions';
import { createCompactionState } from './compaction-run';
import type { ThreadSession } from './loop';
import type { FunctionToolDefinition } from './providers/chat';
import { createProvider, type CreateProviderOptions } from './providers/create-provider';
import type { Provider } from './providers/provider';
import { DEFAULT_IDLE_TIMEOUT_MS } from './retry';
import type { AgentTerminal } from './terminal-bridge';
import type { Tool } from './tools/tool';

/** What a configured worker owns besides the conversation. The agent disposes it on shutdown. */
export interface AgentEnvironment {
  shellPath: string;
  /** The sandbox the shell really runs in (bwrap, sandbox-exec, none), reported in `ready` and in the environment context. */
  sandbox: string;
  tools: readonly Tool[];
  /** Function forms of free-form tools for Chat Completions (apply_patch). */
  functionForms?: Readonly<Record<string, FunctionToolDefinition>>;
  /** Process groups of commands running in the shell, for pause (SIGSTOP) and resume. */
  runningProcessGroups(): number[];
  /** The shell the user's terminal view shows and types into; absent in tests without a shell. */
  terminal?: AgentTerminal;
  dispose(): void;
}

export interface ConfigureDeps {
  createEnvironment(config: WorkerConfig): Promise<AgentEnvironment>;
  createProvider?(options: CreateProviderOptions): Provider;
  idleTimeoutMs?: number;
  now?(): Date;
}

export async function configureThread(
  config: WorkerConfig,
  deps: ConfigureDeps,
): Promise<{ env: AgentEnvironment; session: ThreadSession }> {
  const env = await deps.createEnvironment(config);
  try {
    const prefix = await buildThreadPrefix({
      worktreePath: config.worktreePath,
      // The worktree is the root of its own checkout: AGENTS.md discovery stops there.
      projectRoot: config.worktreePath,
      userInstructions: config.userInstructions,
      shellPath: env.shellPath,
      // The prefix never follows a mode change: the change is appended (Approvals' notes).
      approvalMode: config.contextApprovalMode ?? config.approvalMode,
      sandbox: env.sandbox,
      now: deps.now?.() ?? new Date(),
    });
    const provider = (deps.createProvider ?? createProvider)({
      model: config.model,
      cacheKey: config.threadId,
      timeoutMs: deps.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      functionForms: env.functionForms,
    });
    const tools = new Map(env.tools.map((tool) => [tool.definition.name, tool]));
    // A resumed thread: today's environment context, then the conversation so far.
    const replayed = replayHistory(config.history ?? []);
    const session: ThreadSession = {
      instructions: prefix.instructions,
      toolDefinitions: env.tools.map((tool) => tool.definition),
      tools,
      history: [{ type: 'user', text: prefix.environmentContext }, ...replayed.items],
      provider,
      model: config.model,
      worktreePath: config.worktreePath,
      responses: replayed.responses,
      compaction: createCompactionState(config.compaction),
    };
    return { env, session };
  } catch (error) {
    env.dispose();
    throw error;
  }
}
