/**
 * flotilla.json's `run`: named commands the user starts from the thread, each in a terminal of
 * its own in the worktree. They run as the user (the user's own click starts them, as in "New
 * terminal"), not in the agents' sandbox; closing the terminal stops the command.
 */
import { fail, ok, type Result } from '../../../src-shared/protocol/api';
import type { RUN_COMMANDS } from '../../../src-shared/protocol/api-environment';
import type { CommandHandlers } from '../api';
import type { ThreadHost } from '../thread';
import type { TerminalHub } from './terminal-hub';

export type RunHandlers = Pick<CommandHandlers, (typeof RUN_COMMANDS)[number]>;

/** The repository's `run` table, or why it cannot be read. */
export type LoadRun = (repoPath: string) => Promise<Result<Record<string, string>>>;

export function createRunHandlers(hub: TerminalHub, findThread: (id: string) => ThreadHost | undefined, loadRun: LoadRun): RunHandlers {
  const runTable = async (threadId: string): Promise<Result<Record<string, string>>> => {
    const host = findThread(threadId);
    if (!host) return fail('not_found', `No thread ${threadId}. It may belong to another data dir.`);
    return loadRun(host.summary.repoPath);
  };
  return {
    'thread.runCommands': async ({ threadId }) => {
      const table = await runTable(threadId);
      return table.ok ? ok({ commands: Object.entries(table.value).map(([name, command]) => ({ name, command })) }) : table;
    },
    'thread.run': async ({ threadId, name }) => {
      const table = await runTable(threadId);
      if (!table.ok) return table;
      const command = table.value[name];
      if (command === undefined) return fail('not_found', `flotilla.json has no run command "${name}" (it has: ${Object.keys(table.value).join(', ') || 'none'}).`);
      return hub.openUser(threadId, command, name);
    },
  };
}
