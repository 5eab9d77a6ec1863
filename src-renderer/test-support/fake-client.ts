/** A FlotillaClient that answers commands from a table of handlers and records every call. */
import { fail, type CommandName, type FlotillaClient, type Result } from '../../src-shared/protocol/api';

export type FakeHandler = (params: unknown) => Result<unknown>;

export function fakeClient(handlers: Partial<Record<CommandName, FakeHandler>>) {
  const calls: Array<{ command: CommandName; params: unknown }> = [];
  const client: FlotillaClient = {
    call: async (command, params) => {
      calls.push({ command, params });
      const handler = handlers[command];
      // The table's results are the test's promise to match the contract.
      return (handler ? handler(params) : fail('unknown_command', `No fake for ${command}.`)) as never;
    },
    onEvent: () => () => {},
    onTerminal: () => () => {},
    onConnectionChange: () => () => {},
  };
  return { client, calls };
}
