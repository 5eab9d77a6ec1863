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
import type { RemoteClient } from './remote-client';

export const EXIT_USAGE = 2;

const USER_ERRORS: readonly ErrorCode[] = [
  'invalid_request',
  'not_found',
  'path_not_found',
  'not_a_git_repo',
  'no_commits',
  'invalid_agent_count',
];

export function exitCodeFor(error: ApiError): number {
  return USER_ERRORS.includes(error.code) ? EXIT_USAGE : 1;
}

/** Connects to the server for `$FLOTILLA_HOME`, runs `body`, and always closes the socket. */
export async function withServer(ctx: CliContext, body: (client: RemoteClient) => Promise<number>): Promise<number> {
  const connection = await connectToServer(dataDirFrom(ctx.env));
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
    await connection.client.close();
  }
}

/** Writes the server's message for a failed call; returns the exit code that goes with it. */
export function reportError(ctx: CliContext, error: ApiError): number {
  ctx.stderr.write(`${error.message}\n`);
  return exitCodeFor(error);
}
