/**
 * Boundary checks shared by both transports: what arrives from the fleet is parsed with the
 * contract's schemas before the rest of the renderer sees it, so a bad message is dropped here
 * instead of corrupting a store later.
 */
import { z } from 'zod';
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
} from '../../src-shared/protocol/api';

/** Parses a pushed event; returns null (and warns) when it does not match the contract. */
export function parseClientEvent(raw: unknown): ClientEvent | null {
  const parsed = ClientEventSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  console.warn('[flotilla] dropped a malformed event:', parsed.error.issues.slice(0, 3));
  return null;
}

/** Checks a command's result against its schema; a mismatch becomes an `internal` error. */
export function parseCommandResult<C extends CommandName>(command: C, raw: unknown): Result<CommandResult<C>> {
  const envelope = EnvelopeSchema.safeParse(raw);
  if (!envelope.success) return fail('internal', `Malformed response to "${command}".`);
  if (!envelope.data.ok) return { ok: false, error: toApiError(envelope.data.error) };
  const parsed = commands[command].result.safeParse(envelope.data.value);
  if (!parsed.success) {
    console.warn(`[flotilla] malformed result for ${command}:`, parsed.error.issues.slice(0, 3));
    return fail('internal', `The response to "${command}" did not match the API contract.`);
  }
  // The schema for C produced this value, so it is a CommandResult<C>; TS cannot narrow the
  // indexed-access union on its own.
  return { ok: true, value: parsed.data as CommandResult<C> };
}

const EnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);

/** Keeps the server's message even when its code is newer than this renderer knows. */
function toApiError(error: { code: string; message: string }): ApiError {
  const code = ErrorCodeSchema.safeParse(error.code);
  return { code: code.success ? code.data : 'internal', message: error.message };
}
