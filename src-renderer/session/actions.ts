/**
 * What the UI can ask of the fleet. Each action returns the API error (or null) so the component
 * that asked can show it inline, next to the control the user touched.
 */
import type { AgentKind, ApprovalDecision, ApprovalMode, CodexSetup } from '../../src-shared/protocol/agent';
import type { ApiError, CommandParams, Result } from '../../src-shared/protocol/api';
import type { SandboxGrants } from '../../src-shared/protocol/sandbox';
import { useAppStore } from '../stores/app-store';
import { useThreadsStore } from '../stores/threads-store';
import { safeCall } from './safe-call';
import { openRepo, type Session } from './session';

export type SendMode = CommandParams<'thread.send'>['mode'];

/** A task's choices beyond its prompt and agent count; each absent one is the fleet's default. */
export interface TaskOptions {
  approvalMode?: ApprovalMode;
  /** One label for all agents or one per agent; absent = the default provider. */
  providers?: string[];
  sandbox?: SandboxGrants;
  /** One agent kind for all agents or one per agent; absent = the built-in agent. */
  agentKinds?: AgentKind[];
  /** Whose Codex setup its Codex agents use; absent = settings' codexSetup. */
  codexSetup?: CodexSetup;
  /** Start each worktree with the checkout's uncommitted changes. */
  carryChanges?: boolean;
  /** A connected remote host (hosts-store.ts): the task runs there, on `repoPath`, a path of that host's. */
  host?: { name: string; repoPath: string };
}

export interface Actions {
  openRepo(path: string): Promise<void>;
  pickRepo(): Promise<void>;
  runTask(prompt: string, agents: number, options?: TaskOptions): Promise<ApiError | null>;
  send(threadId: string, text: string, mode: SendMode): Promise<ApiError | null>;
  interrupt(threadId: string): Promise<ApiError | null>;
  /** flotilla.json's setup failed: run it again, or start the agent without it. */
  setupRetry(threadId: string): Promise<ApiError | null>;
  setupSkip(threadId: string): Promise<ApiError | null>;
  /** A finished thread's worktree removed (branch and checkpoints kept), or made again. */
  archive(threadId: string): Promise<ApiError | null>;
  restore(threadId: string): Promise<ApiError | null>;
  pause(threadId: string): Promise<ApiError | null>;
  resume(threadId: string): Promise<ApiError | null>;
  pauseAll(): Promise<ApiError | null>;
  resumeAll(): Promise<ApiError | null>;
  editQueued(threadId: string, messageId: string, text: string): Promise<ApiError | null>;
  removeQueued(threadId: string, messageId: string): Promise<ApiError | null>;
  approve(threadId: string, requestId: string, decision: ApprovalDecision): Promise<ApiError | null>;
  setApprovalMode(threadId: string, mode: ApprovalMode): Promise<ApiError | null>;
  /** Applies when the thread's shell next starts: now when idle, after the turn when running. */
  setSandbox(threadId: string, grants: SandboxGrants): Promise<ApiError | null>;
  /** settings.json allowUnsandboxed; app.info is fetched again so the banner follows. */
  setAllowUnsandboxed(allow: boolean): Promise<ApiError | null>;
}

export function createActions(session: Session): Actions {
  const client = session.client;
  return {
    openRepo: (path) => openRepo(client, path),

    async pickRepo() {
      const picked = await safeCall(client, 'repo.pick', {});
      if (!picked.ok) useAppStore.getState().setRepoResult(null, picked.error);
      else if (picked.value) await openRepo(client, picked.value);
    },

    async runTask(prompt, agents, { approvalMode, providers, sandbox, agentKinds, codexSetup, carryChanges, host } = {}) {
      const repo = useAppStore.getState().repo;
      if (!repo && !host) return { code: 'invalid_request', message: 'Open a repository first.' };
      if (host && host.repoPath.trim() === '') return { code: 'invalid_request', message: `Type the repository's path on host ${host.name}.` };
      const result = await safeCall(client, 'task.run', {
        repoPath: host ? host.repoPath.trim() : repo!.path,
        ...(host ? { host: host.name } : {}),
        prompt,
        agents,
        demoScript: demoScriptFromUrl(),
        approvalMode,
        ...(providers && providers.length > 0 ? { providers } : {}),
        ...(sandbox ? { sandbox } : {}),
        ...(agentKinds && agentKinds.length > 0 ? { agentKinds } : {}),
        ...(codexSetup ? { codexSetup } : {}),
        ...(carryChanges ? { carryChanges } : {}),
      });
      if (!result.ok) return result.error;
      useThreadsStore.getState().upsert(result.value.threads);
      for (const note of result.value.notes) useAppStore.getState().pushNotice(note);
      return null;
    },

    send: async (threadId, text, mode) => errorOf(await safeCall(client, 'thread.send', { threadId, text, mode })),
    interrupt: async (threadId) => errorOf(await safeCall(client, 'thread.interrupt', { threadId })),
    setupRetry: async (threadId) => errorOf(await safeCall(client, 'thread.setupRetry', { threadId })),
    setupSkip: async (threadId) => errorOf(await safeCall(client, 'thread.setupSkip', { threadId })),
    archive: async (threadId) => errorOf(await safeCall(client, 'thread.archive', { threadId })),
    restore: async (threadId) => errorOf(await safeCall(client, 'thread.restore', { threadId })),
    pause: async (threadId) => errorOf(await safeCall(client, 'thread.pause', { threadId })),
    resume: async (threadId) => errorOf(await safeCall(client, 'thread.resume', { threadId })),
    pauseAll: async () => errorOf(await safeCall(client, 'threads.pauseAll', {})),
    resumeAll: async () => errorOf(await safeCall(client, 'threads.resumeAll', {})),
    editQueued: async (threadId, messageId, text) =>
      errorOf(await safeCall(client, 'thread.queue.edit', { threadId, messageId, text })),
    removeQueued: async (threadId, messageId) =>
      errorOf(await safeCall(client, 'thread.queue.remove', { threadId, messageId })),
    approve: async (threadId, requestId, decision) =>
      errorOf(await safeCall(client, 'thread.approve', { threadId, requestId, decision })),
    setApprovalMode: async (threadId, mode) =>
      errorOf(await safeCall(client, 'thread.setApprovalMode', { threadId, mode })),
    async setSandbox(threadId, grants) {
      const result = await safeCall(client, 'thread.setSandbox', { threadId, grants });
      if (!result.ok) return result.error;
      // Said at once: the toggle shows the new grants, but a running sandbox keeps the old ones.
      if (result.value.appliesAfterTurn) useAppStore.getState().pushNotice("The new sandbox applies after this agent's current turn.");
      return null;
    },

    async setAllowUnsandboxed(allow) {
      const result = await safeCall(client, 'settings.setAllowUnsandboxed', { allow });
      if (!result.ok) return result.error;
      const info = await safeCall(client, 'app.info', {});
      if (info.ok) useAppStore.getState().setAppInfo(info.value);
      return null;
    },
  };
}

function errorOf(result: Result<unknown>): ApiError | null {
  return result.ok ? null : result.error;
}

/** `?demoScript=name` picks a bundled demo script, for demos and end-to-end tests. */
function demoScriptFromUrl(): string | null {
  return new URLSearchParams(window.location.search).get('demoScript');
}
