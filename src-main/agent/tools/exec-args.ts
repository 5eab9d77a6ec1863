/**
 * Arguments of exec_command and write_stdin, checked at the tool boundary. A model's malformed
 * call becomes a message it can act on, never an exception.
 */
import { z } from 'zod';

export const DEFAULT_MAX_OUTPUT_TOKENS = 10_000;
export const EXEC_YIELD_MS = { default: 10_000, min: 250, max: 30_000 };
export const WRITE_YIELD_MS = { default: 250, min: 250, max: 30_000, maxWhenPolling: 300_000 };

// Chat Completions models in strict mode send null for an omitted optional field.
const optionalNumber = z.number().finite().nullish();

const required = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${what}`;

const ExecArgsSchema = z.object({
  cmd: z.string({ error: required('a string (one shell command line)') }).refine((cmd) => cmd.trim() !== '', 'must not be empty'),
  workdir: z.string().nullish(),
  yield_time_ms: optionalNumber,
  max_output_tokens: optionalNumber,
});

const WriteStdinArgsSchema = z.object({
  session_id: z.number({ error: required('a number') }).int('must be an integer'),
  chars: z.string().nullish(),
  yield_time_ms: optionalNumber,
  max_output_tokens: optionalNumber,
});

export interface ExecArgs {
  cmd: string;
  workdir: string | null;
  yieldTimeMs: number;
  maxOutputTokens: number;
}

export interface WriteStdinArgs {
  sessionId: number;
  chars: string;
  yieldTimeMs: number;
  maxOutputTokens: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseExecArgs(input: string): Parsed<ExecArgs> {
  const parsed = parseWith(ExecArgsSchema, input, 'exec_command');
  if (!parsed.ok) return parsed;
  const args = parsed.value;
  return {
    ok: true,
    value: {
      cmd: args.cmd,
      workdir: args.workdir || null,
      yieldTimeMs: clamp(args.yield_time_ms ?? EXEC_YIELD_MS.default, EXEC_YIELD_MS.min, EXEC_YIELD_MS.max),
      maxOutputTokens: outputTokens(args.max_output_tokens),
    },
  };
}

export function parseWriteStdinArgs(input: string): Parsed<WriteStdinArgs> {
  const parsed = parseWith(WriteStdinArgsSchema, input, 'write_stdin');
  if (!parsed.ok) return parsed;
  const args = parsed.value;
  const chars = args.chars ?? '';
  // An empty write is a poll: waiting longer for a slow command costs nothing.
  const max = chars === '' ? WRITE_YIELD_MS.maxWhenPolling : WRITE_YIELD_MS.max;
  return {
    ok: true,
    value: {
      sessionId: args.session_id,
      chars,
      yieldTimeMs: clamp(args.yield_time_ms ?? WRITE_YIELD_MS.default, WRITE_YIELD_MS.min, max),
      maxOutputTokens: outputTokens(args.max_output_tokens),
    },
  };
}

function parseWith<T>(schema: z.ZodType<T>, input: string, tool: string): Parsed<T> {
  let json: unknown;
  try {
    json = input.trim() === '' ? {} : JSON.parse(input);
  } catch (error) {
    return { ok: false, error: `${tool}: the arguments are not valid JSON (${(error as Error).message}).` };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`);
  return { ok: false, error: `${tool}: invalid arguments: ${problems.join('; ')}.` };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function outputTokens(value: number | null | undefined): number {
  return value === null || value === undefined || value <= 0 ? DEFAULT_MAX_OUTPUT_TOKENS : Math.floor(value);
}
