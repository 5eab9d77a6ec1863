/**
 * The client API's front door: checks the command name and validates params with the command's
 * zod schema, then delegates. It never throws: a bug surfaces as an `internal` error and a log line.
 */
import type { z } from 'zod';
import {
  commands,
  fail,
  isCommandName,
  type CommandName,
  type CommandParams,
  type CommandResult,
  type Commands,
  type Result,
} from '../../../src-shared/protocol/api';
import { errorMessage, type FleetLogger } from '../logger';

/** Params after validation (defaults applied), as the handlers receive them. */
export type ValidParams<C extends CommandName> = z.output<Commands[C]['params']>;

export type CommandHandlers = {
  [C in CommandName]: (params: ValidParams<C>) => Promise<Result<CommandResult<C>>>;
};

export type ApiHandler = (command: string, params: unknown) => Promise<Result<unknown>>;

/** The same front door for in-process callers: the command is known, so the result is typed. */
export type TypedApiHandler = <C extends CommandName>(command: C, params: CommandParams<C>) => Promise<Result<CommandResult<C>>>;

function summariseIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`);
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `${shown.join('; ')}${more}`;
}

async function dispatch<C extends CommandName>(handlers: CommandHandlers, command: C, params: unknown): Promise<Result<CommandResult<C>>> {
  const parsed = commands[command].params.safeParse(params ?? {});
  if (!parsed.success) return fail('invalid_request', `Invalid parameters for ${command}: ${summariseIssues(parsed.error)}.`);
  // The schema lookup widens to the union of all commands; `command` ties data to handler.
  const handler = handlers[command] as (p: ValidParams<C>) => Promise<Result<CommandResult<C>>>;
  return handler(parsed.data as ValidParams<C>);
}

export function createApiHandler(handlers: CommandHandlers, logger: FleetLogger): ApiHandler {
  const run = guarded(handlers, logger);
  return async (command, params) => (isCommandName(command) ? run(command, params) : fail('unknown_command', `Unknown command "${command}".`));
}

export function createTypedApiHandler(handlers: CommandHandlers, logger: FleetLogger): TypedApiHandler {
  return guarded(handlers, logger);
}

function guarded(handlers: CommandHandlers, logger: FleetLogger) {
  return async <C extends CommandName>(command: C, params: unknown): Promise<Result<CommandResult<C>>> => {
    try {
      return await dispatch(handlers, command, params);
    } catch (error) {
      logger.error(`Command ${command} failed unexpectedly`, error);
      return fail('internal', `Flotilla hit an unexpected error running ${command}: ${errorMessage(error)}. See the log for details.`);
    }
  };
}
