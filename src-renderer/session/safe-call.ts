import {
  fail,
  type CommandName,
  type CommandParams,
  type CommandResult,
  type FlotillaClient,
  type Result,
} from '../../src-shared/protocol/api';

/**
 * A transport rejects when it cannot deliver (socket down, dropped mid-request); the UI wants one
 * shape to show, so a rejection becomes an error result carrying the transport's message.
 */
export async function safeCall<C extends CommandName>(
  client: FlotillaClient,
  command: C,
  params: CommandParams<C>,
): Promise<Result<CommandResult<C>>> {
  try {
    return await client.call(command, params);
  } catch (error) {
    return fail('internal', error instanceof Error ? error.message : String(error));
  }
}
