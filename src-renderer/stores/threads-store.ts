/**
 * Thread summaries by id, and the task grouping the dashboard lays out. Each batch replaces only
 * the summaries it carries, so a card subscribed to its own id re-renders only when its thread
 * changed; `tasks` (the layout) gets a new identity only when a thread appears or goes away.
 */
import { create } from 'zustand';
import type { ThreadSummary } from '../../src-shared/domain/thread';

export interface TaskGroup {
  taskId: string;
  prompt: string;
  createdAt: number;
  /** Agent order within the task. */
  threadIds: string[];
  /** The remote host the task runs on; absent for this machine's fleet. */
  host?: string;
  /** The repository, as its host knows the path. */
  repoPath: string;
}

export interface ThreadsState {
  byId: Record<string, ThreadSummary>;
  /** Newest task first. */
  tasks: TaskGroup[];
  /** True once a full threads.list arrived, so "no such thread" can be told from "not yet". */
  loaded: boolean;
  /** Merges summaries from a batch or a task.run result. */
  upsert: (summaries: readonly ThreadSummary[]) => void;
  /** Replaces everything with a full threads.list. */
  replaceAll: (summaries: readonly ThreadSummary[]) => void;
}

export const useThreadsStore = create<ThreadsState>()((set) => ({
  byId: {},
  tasks: [],
  loaded: false,
  upsert: (summaries) => set((s) => mergeSummaries(s, summaries) ?? s),
  replaceAll: (summaries) => set((s) => ({ ...replaceSummaries(s, summaries), loaded: true })),
}));

type ThreadsData = Pick<ThreadsState, 'byId' | 'tasks'>;

/** Returns the next state, or null when nothing changed. Stale summaries (older lastSeq) lose. */
export function mergeSummaries(state: ThreadsData, summaries: readonly ThreadSummary[]): ThreadsData | null {
  let byId: Record<string, ThreadSummary> | null = null;
  let added = false;
  for (const summary of summaries) {
    const current = (byId ?? state.byId)[summary.id];
    if (current && (current === summary || current.lastSeq > summary.lastSeq)) continue;
    byId ??= { ...state.byId };
    byId[summary.id] = summary;
    added ||= !current;
  }
  if (!byId) return null;
  return { byId, tasks: added ? groupTasks(byId) : state.tasks };
}

export function replaceSummaries(state: ThreadsData, summaries: readonly ThreadSummary[]): ThreadsData {
  const byId: Record<string, ThreadSummary> = {};
  for (const summary of summaries) {
    const current = state.byId[summary.id];
    // A batch applied after the list was produced may already hold a newer summary.
    byId[summary.id] = current && current.lastSeq > summary.lastSeq ? current : summary;
  }
  return { byId, tasks: groupTasks(byId) };
}

export function groupTasks(byId: Record<string, ThreadSummary>): TaskGroup[] {
  const groups = new Map<string, { group: TaskGroup; threads: ThreadSummary[] }>();
  for (const thread of Object.values(byId)) {
    let entry = groups.get(thread.taskId);
    if (!entry) {
      const group: TaskGroup = { taskId: thread.taskId, prompt: thread.prompt, createdAt: thread.createdAt, threadIds: [], repoPath: thread.repoPath, ...(thread.host === undefined ? {} : { host: thread.host }) };
      entry = { group, threads: [] };
      groups.set(thread.taskId, entry);
    }
    entry.group.createdAt = Math.min(entry.group.createdAt, thread.createdAt);
    entry.threads.push(thread);
  }
  const tasks = [...groups.values()].map(({ group, threads }) => {
    threads.sort((a, b) => a.agentIndex - b.agentIndex);
    return { ...group, threadIds: threads.map((t) => t.id) };
  });
  // Grouped by host (this machine's tasks first, then each host's), then by repository; newest first within each.
  return tasks.sort((a, b) => (a.host ?? '').localeCompare(b.host ?? '') || a.repoPath.localeCompare(b.repoPath) || b.createdAt - a.createdAt || a.taskId.localeCompare(b.taskId));
}
