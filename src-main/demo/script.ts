/**
 * Demo scripts: what the scripted model answers, one `responses` entry per model request.
 * The format is documented in docs/demo-scripts.md; the schema here is the single authority.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
// Bundled scripts; validated with the schema below when this module loads.
import defaultScriptJson from './scripts/default.json';
import slowScriptJson from './scripts/slow.json';

const OutputItemSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('reasoning'), text: z.string() }),
  z.strictObject({ type: z.literal('message'), text: z.string() }),
  z.strictObject({
    type: z.literal('function_call'),
    name: z.string().min(1),
    /** An object is sent as JSON; a string is sent verbatim, so a script can send malformed JSON. */
    arguments: z.union([z.string(), z.record(z.string(), z.unknown())], {
      error: 'expected a JSON object or a string',
    }),
  }),
  z.strictObject({ type: z.literal('custom_tool_call'), name: z.string().min(1), input: z.string() }),
]);

const ScriptedErrorSchema = z.strictObject({
  status: z.number().int().min(400).max(599),
  message: z.string(),
  retryAfterSeconds: z.number().nonnegative().optional(),
  /** OpenAI's error `type` and `code`; derived from the status when absent. */
  type: z.string().optional(),
  code: z.string().optional(),
});

/** A response entry with a condition plays only when the request's latest user message matches. */
const ConditionSchema = z.strictObject({
  lastUserMessageIncludes: z.string().min(1),
});

const StepSchema = z.strictObject({
  when: ConditionSchema.optional(),
  output: z.array(OutputItemSchema).optional(),
  chunkSize: z.number().int().positive().optional(),
  delayMs: z.number().int().nonnegative().optional(),
  error: ScriptedErrorSchema.optional(),
  cutAfterDeltas: z.number().int().nonnegative().optional(),
});

export const DemoScriptSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** Defaults for {{placeholders}} the caller of registerScript does not set. */
  vars: z.record(z.string(), z.string()).optional(),
  responses: z.array(StepSchema),
});

export type DemoScript = z.infer<typeof DemoScriptSchema>;
export type DemoStep = z.infer<typeof StepSchema>;
export type DemoCondition = z.infer<typeof ConditionSchema>;
export type DemoOutputItem = z.infer<typeof OutputItemSchema>;
export type DemoScriptedError = z.infer<typeof ScriptedErrorSchema>;

export type DemoScriptResult = { ok: true; script: DemoScript } | { ok: false; error: string };

export const DEFAULT_CHUNK_SIZE = 16;
export const DEFAULT_DELAY_MS = 0;

/** What every request past the end of a script plays, so that a turn always ends. */
export const EXHAUSTED_STEP: DemoStep = { output: [{ type: 'message', text: 'Nothing left in the script.' }] };

export function parseDemoScript(json: unknown, source: string): DemoScriptResult {
  const parsed = DemoScriptSchema.safeParse(json);
  if (parsed.success) return { ok: true, script: parsed.data };
  const problems = parsed.error.issues.slice(0, 3).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : '';
  return { ok: false, error: `Invalid demo script ${source}: ${problems.join('; ')}${more}` };
}

export async function loadDemoScriptFile(path: string): Promise<DemoScriptResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { ok: false, error: `Cannot read demo script ${path}: ${errorMessage(err)}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // V8's message quotes the text around the error: the file's content stays out of it.
    return { ok: false, error: `Invalid demo script ${path}: not valid JSON${jsonErrorPosition(err)}` };
  }
  return parseDemoScript(json, path);
}

function jsonErrorPosition(err: unknown): string {
  const position = /at position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec(errorMessage(err));
  if (!position) return '';
  return position[2] ? ` (line ${position[2]}, column ${position[3]})` : ` (at character ${position[1]})`;
}

function mustParse(json: unknown, source: string): DemoScript {
  const result = parseDemoScript(json, source);
  // A bundled script that does not validate is a bug in this folder; its test catches it first.
  if (!result.ok) throw new Error(result.error);
  return result.script;
}

export const DEFAULT_DEMO_SCRIPT: DemoScript = mustParse(defaultScriptJson, 'scripts/default.json');

const BUILTIN_SCRIPTS: ReadonlyMap<string, DemoScript> = new Map([
  ['default', DEFAULT_DEMO_SCRIPT],
  ['slow', mustParse(slowScriptJson, 'scripts/slow.json')],
]);

export const BUILTIN_DEMO_SCRIPT_NAMES: readonly string[] = [...BUILTIN_SCRIPTS.keys()];

export function builtinDemoScript(name: string): DemoScript | null {
  return BUILTIN_SCRIPTS.get(name) ?? null;
}

/** `spec` is a bundled script's name or a path to a JSON file read wherever it is: for callers that trust the path (tests, the CLI's own file). */
export async function resolveDemoScript(spec: string): Promise<DemoScriptResult> {
  const builtin = builtinDemoScript(spec);
  return builtin ? { ok: true, script: builtin } : loadDemoScriptFile(spec);
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_-]+)\s*(?:\|\s*(oneline)\s*)?\}\}/g;

/**
 * Fills {{name}} in every string of the script (object keys excepted). `{{name|oneline}}`
 * collapses whitespace, so a multi-line task cannot break a patch line. Unknown names stay as
 * they are, which makes a missing var visible instead of silently empty.
 */
export function fillDemoScript(script: DemoScript, vars: Readonly<Record<string, string>>): DemoScript {
  const all = { ...script.vars, ...vars };
  const fill = (text: string): string =>
    text.replace(PLACEHOLDER, (whole, name: string, filter: string | undefined) => {
      const value = Object.hasOwn(all, name) ? all[name] : undefined;
      if (value === undefined) return whole;
      return filter === 'oneline' ? value.replace(/\s+/g, ' ').trim() : value;
    });
  const filled = { ...script, responses: fillStrings(script.responses, fill), name: fill(script.name) };
  if (script.description !== undefined) filled.description = fill(script.description);
  return filled;
}

function fillStrings<T>(value: T, fill: (text: string) => string): T {
  if (typeof value === 'string') return fill(value) as T;
  if (Array.isArray(value)) return value.map((entry: unknown) => fillStrings(entry, fill)) as T;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, entry]) => [key, fillStrings(entry, fill)]);
    return Object.fromEntries(entries) as T;
  }
  return value;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
