/**
 * The client's boundary checks: what arrives from the fleet is parsed with the contract's schemas
 * before a caller sees it, so a bad message is refused here instead of corrupting a store later.
 */
import {
  ClientEventSchema,
  ErrorCodeSchema,
  commands,
  fail,
  type ApiError,
  type ClientEvent,
  type CommandName,
  type CommandResult,
  type Result,
} from '../protocol/api';
import { WireResultSchema, type WireResult } from '../protocol/wire';

/** Where the client reports what it dropped; src-shared has no console of its own. */
export type Warn = (message: string, detail?: unknown) => void;

/** Parses a pushed batch; returns null (and warns) when it does not match the contract. */
export function parseClientEvent(raw: unknown, warn: Warn): ClientEvent | null {
  const parsed = ClientEventSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  warn('[flotilla] dropped a malformed event:', parsed.error.issues.slice(0, 3));
  return null;
}

/** Checks a raw result envelope (from a bridge), then its value against the command's schema. */
export function parseCommandResult<C extends CommandName>(command: C, raw: unknown, warn: Warn): Result<CommandResult<C>> {
  const envelope = WireResultSchema.safeParse(raw);
  if (!envelope.success) return fail('internal', `Malformed response to "${command}".`);
  return checkCommandResult(command, envelope.data, warn);
}

/** Checks a well-formed envelope's value against the command's result schema; a mismatch is `internal`. */
export function checkCommandResult<C extends CommandName>(command: C, result: WireResult, warn: Warn): Result<CommandResult<C>> {
  if (!result.ok) return { ok: false, error: toApiError(result.error) };
  const parsed = commands[command].result.safeParse(result.value);
  if (!parsed.success) {
    warn(`[flotilla] malformed result for ${command}:`, parsed.error.issues.slice(0, 3));
    return fail('internal', `The answer to "${command}" did not match the API contract; is the other side another version of Flotilla?`);
  }
  // The schema for C produced this value, so it is a CommandResult<C>; TS cannot narrow the
  // indexed-access union on its own.
  return { ok: true, value: parsed.data as CommandResult<C> };
}

/** Keeps the server's message even when its code is newer than this client knows. */
function toApiError(error: { code: string; message: string }): ApiError {
  const code = ErrorCodeSchema.safeParse(error.code);
  return { code: code.success ? code.data : 'internal', message: error.message };
}
