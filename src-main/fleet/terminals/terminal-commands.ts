/** The terminal commands of one client connection (api-terminal.ts), over the hub. */
import { fail, ok } from '../../../src-shared/protocol/api';
import { terminalCommands } from '../../../src-shared/protocol/api-terminal';
import type { CommandHandlers } from '../api';
import type { ThreadHost } from '../thread';
import { openWorktreeIn } from './open-in';
import type { TerminalConnection, TerminalHub } from './terminal-hub';

export type TerminalHandlers = Pick<CommandHandlers, keyof typeof terminalCommands>;

export function createTerminalHandlers(hub: TerminalHub, conn: TerminalConnection, findThread: (id: string) => ThreadHost | undefined): TerminalHandlers {
  return {
    'terminal.list': async ({ threadId }) => ok({ terminals: hub.list(threadId) }),
    'terminal.open': async ({ threadId, kind }) => (kind === 'agent' ? hub.openAgent(threadId) : hub.openUser(threadId)),
    'terminal.attach': async ({ terminalId, attachId }) => hub.attach(conn, terminalId, attachId),
    'terminal.detach': async ({ attachId }) => {
      hub.detach(conn, attachId);
      return ok({});
    },
    'terminal.input': async ({ terminalId, data }) => hub.input(terminalId, data),
    'terminal.resize': async ({ terminalId, cols, rows }) => hub.resize(terminalId, cols, rows),
    'terminal.ack': async ({ attachId, chars }) => {
      hub.ack(conn, attachId, chars);
      return ok({});
    },
    'terminal.close': async ({ terminalId }) => hub.close(terminalId),
    'worktree.openIn': async ({ threadId, target }) => {
      const host = findThread(threadId);
      if (!host) return fail('not_found', `No thread ${threadId}. It may belong to another data dir.`);
      return openWorktreeIn(target, host.summary.worktreePath, {
        openTerminal: (command, title) => hub.openUser(threadId, command, title),
      });
    },
  };
}
