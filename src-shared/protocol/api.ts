/**
 * The client API: commands (request -> response) and pushed events, the same over Electron IPC
 * and the headless server's WebSocket. Params are validated by the fleet at the boundary; errors
 * travel as data with a code and a message a person can act on.
 */
import { z } from 'zod';
import { AgentKindSchema, ApprovalModeSchema, CodexSetupSchema } from './agent';
import { agentCommands, ProviderInfoSchema } from './api-agent';
import { controlCommands } from './api-control';
import { reviewCommands } from './api-review';
import { sandboxCommands } from './api-sandbox';
import { settingsCommands } from './api-settings';
import { terminalCommands } from './api-terminal';
import { environmentCommands } from './api-environment';
import { hostCommands, HostStatusSchema } from './api-hosts';
import { folderCommands } from './api-folders';
import { SandboxGrantsSchema, SandboxStatusSchema } from './sandbox';
import { ThreadEventSchema, ThreadSummarySchema } from './thread-events';
import { lazyCommand } from './lazy-command';

export const MAX_AGENTS_DEFAULT = 16;

/** Events per `thread.events` page when the client names no limit, and the most it may ask for. */
export const THREAD_EVENTS_DEFAULT_LIMIT = 1000;
export const THREAD_EVENTS_MAX_LIMIT = 5000;

export const ErrorCodeSchema = z.enum([
  'invalid_request',
  'unknown_command',
  'not_found',
  'path_not_found',
  /** A folder exists but this server's user may not read it. */
  'path_unreadable',
  'not_a_git_repo',
  'no_commits',
  'invalid_agent_count',
  'model_unreachable',
  'worktree_failed',
  'thread_busy',
  'invalid_state',
  'unmerged_work',
  'worktree_dirty',
  'merge_conflict',
  /** Full auto where no sandbox works and the user has not opted in to unsandboxed work. */
  'sandbox_unavailable',
  /** settings.json cannot be used; the message names the file and the field. */
  'bad_settings',
  /** The repository's flotilla.json (or a peer tool's file) cannot be used; the message names the file and the key. */
  'bad_project_config',
  /** The operation was stopped before it finished (Flotilla is shutting down), and undone. */
  'cancelled',
  /** A remote host (hosts.add): not reached, its key or login refused, or it cannot run Flotilla there. The message says what to do. */
  'host_unreachable',
  'host_auth_failed',
  'host_key_refused',
  'host_not_ready',
  /** This server does not manage remote hosts (started without `--with-hosts`). */
  'hosts_unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ApiErrorSchema = z.object({ code: ErrorCodeSchema, message: z.string() });
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const RepoInfoSchema = z.object({
  path: z.string(),
  name: z.string(),
  currentBranch: z.string(),
  headCommit: z.string(),
});
export type RepoInfo = z.infer<typeof RepoInfoSchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  /** True when no model provider is configured and agents run on the scripted demo model. */
  demoMode: z.boolean(),
  dataDir: z.string(),
  maxAgents: z.number().int(),
  /** The approval mode new tasks get (settings.json's approvalMode); null or absent: the built-in choice. */
  approvalMode: ApprovalModeSchema.nullable().optional(),
  /** A repository given on the command line (`--repo`), opened for the user at start. */
  initialRepo: z.string().nullable(),
  providerLabel: z.string(),
  /** Whether this client can show a native folder picker (Electron only). */
  canPickFolder: z.boolean(),
  /** Configured model providers; empty in demo mode. */
  providers: z.array(ProviderInfoSchema),
  /** Whether agents run contained here, and if not, why and whether the user opted in. */
  sandbox: SandboxStatusSchema,
  /** Why settings.json cannot be used (naming the file and the field); absent or null when it is fine. */
  settingsProblem: z.string().nullable().optional(),
  /** Which codex Codex threads run and its version, or why none can run (docs/codex-agent.md). */
  codex: z
    .object({
      path: z.string().nullable(),
      version: z.string().nullable(),
      problem: z.string().nullable(),
      /** settings' codexSetup; with "mine", userHome is the CODEX_HOME whose login and config threads take. */
      setup: CodexSetupSchema.optional(),
      userHome: z.string().nullable().optional(),
    })
    .optional(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

const Empty = z.object({});

export const commands = {
  'app.info': { params: Empty, result: AppInfoSchema },
  'repo.open': lazyCommand(() => ({ params: z.object({ path: z.string().min(1) }), result: RepoInfoSchema })),
  /** Electron only: shows a native folder picker; resolves to null when cancelled. */
  'repo.pick': lazyCommand(() => ({ params: Empty, result: z.string().nullable() })),
  'task.run': lazyCommand(() => ({
    params: z.object({
      repoPath: z.string().min(1),
      prompt: z.string().min(1),
      agents: z.number().int(),
      /** A demo script: a path to a JSON file, or the name of a bundled script. */
      demoScript: z.string().nullable().optional(),
      approvalMode: ApprovalModeSchema.optional(),
      /** Provider label per agent, for best-of-N across models; one label applies to all; none = default. */
      providers: z.array(z.string()).optional(),
      /** Agent kind per agent, for best-of-N across agents; one kind applies to all; none = builtin. */
      agentKinds: z.array(AgentKindSchema).optional(),
      /** Its Codex agents run on Flotilla's provider or on the user's own Codex login and config; absent: settings' codexSetup. */
      codexSetup: CodexSetupSchema.optional(),
      /** What every agent's sandbox allows past the default policy; default: nothing (no network, no credentials). */
      sandbox: SandboxGrantsSchema.optional(),
      /** Gives each worktree the checkout's uncommitted changes (tracked diff + untracked, not ignored files); default: HEAD only. */
      carryChanges: z.boolean().optional(),
      /** A remote host's name (hosts.status): the task runs there and repoPath is that host's. */
      host: z.string().min(1).optional(),
    }),
    result: z.object({
      taskId: z.string(),
      threads: z.array(ThreadSummarySchema),
      /** What the user should know about the new worktrees (where their environment came from, what they lack). */
      notes: z.array(z.string()).default([]),
    }),
  })),
  'threads.list': lazyCommand(() => ({ params: Empty, result: z.array(ThreadSummarySchema) })),
  /**
   * A thread's events after `afterSeq`, a page at a time: ask again after `nextAfterSeq` while
   * `hasMore`. Deltas of one item may come merged, and those of a completed item left out (the
   * completed item holds them), so seqs are increasing but not contiguous.
   */
  'thread.events': lazyCommand(() => ({
    params: z.object({
      threadId: z.string(),
      afterSeq: z.number().int(),
      limit: z.number().int().min(1).max(THREAD_EVENTS_MAX_LIMIT).default(THREAD_EVENTS_DEFAULT_LIMIT),
    }),
    result: z.object({
      events: z.array(ThreadEventSchema),
      // Defaults: a server from before paging sends every event in one answer.
      hasMore: z.boolean().default(false),
      /** The afterSeq of the next page: the last event's seq (afterSeq itself when the page is empty). */
      nextAfterSeq: z.number().int().optional(),
    }),
  })),
  'thread.send': lazyCommand(() => ({
    params: z.object({ threadId: z.string(), text: z.string().min(1), mode: z.enum(['steer', 'queue']) }),
    result: z.object({ messageId: z.string() }),
  })),
  'thread.interrupt': lazyCommand(() => ({ params: z.object({ threadId: z.string() }), result: Empty })),
  ...controlCommands,
  ...agentCommands,
  ...reviewCommands,
  ...settingsCommands,
  ...sandboxCommands,
  ...terminalCommands,
  ...environmentCommands,
  ...hostCommands,
  ...folderCommands,
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandParams<C extends CommandName> = z.input<Commands[C]['params']>;
export type CommandResult<C extends CommandName> = z.infer<Commands[C]['result']>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commands, name);
}

/** Pushed to every connected client, at most once per frame (~16 ms). */
export const ClientEventSchema = z.object({
  type: z.literal('batch'),
  events: z.array(ThreadEventSchema),
  /** Latest summary of every thread that changed in this batch. */
  threads: z.array(ThreadSummarySchema),
  /** Every remote host's state, when one changed (a dashboard of many hosts). */
  hosts: z.array(HostStatusSchema).optional(),
});
export type ClientEvent = z.infer<typeof ClientEventSchema>;

// The wire (messages, the client interface, the Electron bridge) lives in ./wire; its types are
// re-exported here for the many places that already import them from the command table. Types
// only: wire.ts imports this module's schemas, and a value re-export would be an import cycle.
export type { FlotillaBridge, FlotillaClient, WireClientMessage, WireServerMessage } from './wire';
