/**
 * What every remote command shares: connect to the server of this data dir, run, close; and turn
 * the server's errors into a message on stderr and an exit code (2 for something the user named
 * that is not there or not valid, 1 for anything else, including "Not built yet.").
 */
import type { ApiError, ErrorCode } from '../../src-shared/protocol/api';
import type { CliContext } from './context';
import { errorMessage } from './fleet-options';
import { dataDirFrom } from './paths';
import { connectToServer } from './remote-connect';
import type { MessageClient } from '../../src-shared/client/message-client';
import { openHostSession } from './host-session';

/** What a remote command talks to: the local server's socket, or a host's through SSH. */
export type ServerClient = MessageClient;


export const EXIT_USAGE = 2;

const USER_ERRORS: readonly ErrorCode[] = [
  'invalid_request',
  'not_found',
  'path_not_found',
  'path_unreadable',
  'not_a_git_repo',
  'no_commits',
  'invalid_agent_count',
];

export function exitCodeFor(error: ApiError): number {
  return USER_ERRORS.includes(error.code) ? EXIT_USAGE : 1;
}

/**
 * Connects to the server for `$FLOTILLA_HOME` (or, with `ctx.host`, to that host's server over
 * SSH), runs `body`, and always closes the connection.
 */
export async function withServer(ctx: CliContext, body: (client: ServerClient) => Promise<number>): Promise<number> {
  const connection = ctx.host === undefined ? await localConnection(ctx) : await hostConnection(ctx, ctx.host);
  if (!connection.ok) {
    ctx.stderr.write(`${connection.message}\n`);
    return connection.exitCode;
  }
  try {
    return await body(connection.client);
  } catch (error) {
    // A dropped socket rejects in-flight calls; that is the one failure expected here.
    ctx.stderr.write(`${errorMessage(error)}\n`);
    return 1;
  } finally {
    await connection.close();
  }
}

type Opened = { ok: true; client: ServerClient; close(): Promise<void> } | { ok: false; message: string; exitCode: number };

async function localConnection(ctx: CliContext): Promise<Opened> {
  const connection = await connectToServer(dataDirFrom(ctx.env));
  if (!connection.ok) return connection;
  return { ok: true, client: connection.client, close: () => connection.client.close() };
}

async function hostConnection(ctx: CliContext, host: string): Promise<Opened> {
  const session = await openHostSession(ctx, host);
  if (!session.ok) return session;
  const { connection } = session;
  return { ok: true, client: connection.client, close: async () => connection.close() };
}

/** Writes the server's message for a failed call; returns the exit code that goes with it. */
export function reportError(ctx: CliContext, error: ApiError): number {
  ctx.stderr.write(`${error.message}\n`);
  return exitCodeFor(error);
}
