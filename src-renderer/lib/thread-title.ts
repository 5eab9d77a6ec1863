/**
 * Names a person reads: a thread is "<task> · agent N", the task being the prompt's first line cut
 * to a card's width. The branch slug and its hash are details, shown smaller beside the name.
 */
import type { ThreadSummary } from '../../src-shared/domain/thread';

const TASK_TITLE_CHARS = 60;

/** The prompt's first non-empty line, cut at a word near the limit. */
export function taskTitle(prompt: string): string {
  const line = prompt.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  if (line.length <= TASK_TITLE_CHARS) return line || 'Untitled task';
  const cut = line.slice(0, TASK_TITLE_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > TASK_TITLE_CHARS / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

export function agentLabel(agentIndex: number): string {
  return `agent ${agentIndex}`;
}

export function threadTitle(thread: Pick<ThreadSummary, 'prompt' | 'agentIndex'>): string {
  return `${taskTitle(thread.prompt)} · ${agentLabel(thread.agentIndex)}`;
}

/** The repository's folder name: what the user opened, without the path before it. */
export function repoLabel(repoPath: string): string {
  const parts = repoPath.replace(/[\\/]+$/, '').split(/[\\/]/);
  return parts[parts.length - 1] || repoPath;
}

/** "add-a-note-1a2b3c" out of "flotilla/add-a-note-1a2b3c": the slug and its hash, for details. */
export function branchDetail(branch: string): string {
  const slash = branch.indexOf('/');
  return slash >= 0 ? branch.slice(slash + 1) : branch;
}
