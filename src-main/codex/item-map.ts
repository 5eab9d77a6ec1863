/**
 * Codex app-server thread items -> Flotilla transcript items. Items with no Flotilla counterpart
 * (web searches, MCP calls, user messages, which Flotilla records itself) map to null.
 */
import { relative, isAbsolute } from 'node:path';
import type { PatchFileChange, TranscriptItem, ItemStatus } from '../../src-shared/protocol/items';

export interface CodexItem {
  type: string;
  id: string;
  [key: string]: unknown;
}

interface CodexFileChange {
  path: string;
  kind: { type: 'add' | 'delete' | 'update'; move_path?: string | null };
  diff: string;
}

export function mapCodexItem(item: CodexItem, cwd: string): TranscriptItem | null {
  switch (item.type) {
    case 'agentMessage':
      return { type: 'assistant_message', id: item.id, text: str(item.text) };
    case 'reasoning':
      return { type: 'reasoning', id: item.id, text: reasoningText(item) };
    case 'commandExecution':
      return {
        type: 'command',
        id: item.id,
        command: str(item.command),
        cwd: str(item.cwd) || cwd,
        output: str(item.aggregatedOutput),
        exitCode: typeof item.exitCode === 'number' ? item.exitCode : null,
        durationMs: typeof item.durationMs === 'number' ? item.durationMs : null,
        sessionId: null,
        status: mapStatus(item.status),
      };
    case 'fileChange': {
      const changes = Array.isArray(item.changes) ? (item.changes as CodexFileChange[]) : [];
      return {
        type: 'patch',
        id: item.id,
        patch: changes.map((c) => c.diff).join('\n'),
        changes: changes.map((c) => fileChange(c, cwd)),
        error: null,
        status: mapStatus(item.status),
      };
    }
    default:
      return null;
  }
}

function reasoningText(item: CodexItem): string {
  const summary = Array.isArray(item.summary) ? (item.summary as string[]) : [];
  const content = Array.isArray(item.content) ? (item.content as string[]) : [];
  return (summary.length > 0 ? summary : content).join('\n\n');
}

function fileChange(change: CodexFileChange, cwd: string): PatchFileChange {
  const lines = change.kind.type === 'update' ? change.diff.split('\n') : [];
  const count = (prefix: string) => lines.filter((l) => l.startsWith(prefix) && !l.startsWith(prefix.repeat(3))).length;
  const diffLines = change.diff === '' ? 0 : change.diff.replace(/\n$/, '').split('\n').length;
  return {
    path: inWorktree(change.path, cwd),
    kind: change.kind.type,
    movePath: change.kind.move_path ? inWorktree(change.kind.move_path, cwd) : null,
    additions: change.kind.type === 'add' ? diffLines : count('+'),
    deletions: change.kind.type === 'delete' ? diffLines : count('-'),
  };
}

function inWorktree(path: string, cwd: string): string {
  return isAbsolute(path) ? relative(cwd, path) : path;
}

/** Codex: inProgress | completed | failed | declined (commands and patches alike). */
export function mapStatus(status: unknown): ItemStatus {
  switch (status) {
    case 'inProgress':
      return 'in_progress';
    case 'completed':
      return 'completed';
    case 'declined':
      return 'declined';
    case 'failed':
      return 'failed';
    default:
      return 'interrupted';
  }
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
