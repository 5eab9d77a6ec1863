/**
 * Argument parsing for subcommands: node:util parseArgs in strict mode, with every mistake turned
 * into a UsageError (exit 2 with the command's usage) instead of a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

export class UsageError extends Error {}

/** Every command takes -h/--help. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** Runs a parseArgs call, turning its errors (unknown flag, missing value...) into UsageErrors. */
export function usageErrors<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (isParseArgsError(error)) throw new UsageError(error.message);
    throw error;
  }
}

type Parsed<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>>;

/**
 * A command's arguments, parsed strictly. With -h/--help it writes `usage` and returns null, and
 * the command exits 0; every command shares this so none forgets the flag or parses leniently.
 */
export function parseCommandArgs<O extends ParseArgsOptionsConfig>(
  argv: string[],
  options: O,
  usage: string,
  out: { write(text: string): unknown },
  { positionals }: { positionals: boolean },
): Parsed<O> | null {
  const parsed = usageErrors(() => parseArgs({ args: argv, options, allowPositionals: positionals, strict: true }));
  if ((parsed.values as { help?: unknown }).help === true) {
    out.write(usage);
    return null;
  }
  return parsed;
}

function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

/** An integer flag within bounds, or a UsageError naming the flag. */
export function parseIntFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${value}").`);
  }
  return n;
}
