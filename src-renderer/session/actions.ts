/**
 * What the UI can ask of the fleet. Each action returns the API error (or null) so the component
 * that asked can show it inline, next to the control the user touched.
 */
import type { ApiError } from '../../src-shared/protocol/api';
import { useAppStore } from '../stores/app-store';
import { useThreadsStore } from '../stores/threads-store';
import { safeCall } from './safe-call';
import { openRepo, type Session } from './session';

export type SendMode = 'steer' | 'queue';

export interface Actions {
  openRepo(path: string): Promise<void>;
  pickRepo(): Promise<void>;
  runTask(prompt: string, agents: number): Promise<ApiError | null>;
  send(threadId: string, text: string, mode: SendMode): Promise<ApiError | null>;
  interrupt(threadId: string): Promise<ApiError | null>;
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

    async runTask(prompt, agents) {
      const repo = useAppStore.getState().repo;
      if (!repo) return { code: 'invalid_request', message: 'Open a repository first.' };
      const result = await safeCall(client, 'task.run', {
        repoPath: repo.path,
        prompt,
        agents,
        demoScript: demoScriptFromUrl(),
      });
      if (!result.ok) return result.error;
      useThreadsStore.getState().upsert(result.value.threads);
      return null;
    },

    async send(threadId, text, mode) {
      const result = await safeCall(client, 'thread.send', { threadId, text, mode });
      return result.ok ? null : result.error;
    },

    async interrupt(threadId) {
      const result = await safeCall(client, 'thread.interrupt', { threadId });
      return result.ok ? null : result.error;
    },
  };
}

/** `?demoScript=name` picks a bundled demo script, for demos and end-to-end tests. */
function demoScriptFromUrl(): string | null {
  return new URLSearchParams(window.location.search).get('demoScript');
}
