/**
 * Token accounting that behaves like a real provider's prefix cache: the prompt is serialized
 * canonically (instructions, tools, then the conversation in order), counted at four characters
 * a token, and the cached part is the longest prefix shared with an earlier prompt of the same
 * prompt_cache_key.
 */
import type { DemoOutputItem } from './script';

/** Enough history to find the shared prefix of an append-only conversation; bounds memory. */
const PROMPTS_KEPT_PER_KEY = 16;

export function countTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** JSON with object keys sorted, so key order in a client's objects never changes the prompt. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((entry: unknown) => stableJson(entry)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const record = value as Record<string, unknown>;
    const fields = keys.filter((key) => record[key] !== undefined).map((key) => `${JSON.stringify(key)}:${stableJson(record[key])}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** One line per part, so an appended conversation item extends the previous prompt exactly. */
function joinParts(parts: readonly unknown[]): string {
  return parts.map((part) => `${stableJson(part)}\n`).join('');
}

export function canonicalResponsesPrompt(body: Readonly<Record<string, unknown>>): string {
  const input = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : body.input;
  const items = Array.isArray(input) ? input : [];
  return joinParts([body.instructions ?? null, body.tools ?? [], ...items]);
}

/** Leading system/developer messages play the role of instructions, so they come before tools. */
export function canonicalChatPrompt(body: Readonly<Record<string, unknown>>): string {
  const messages: unknown[] = Array.isArray(body.messages) ? body.messages : [];
  let split = 0;
  while (split < messages.length && isInstructionMessage(messages[split])) split += 1;
  return joinParts([messages.slice(0, split), body.tools ?? [], ...messages.slice(split)]);
}

function isInstructionMessage(message: unknown): boolean {
  if (message === null || typeof message !== 'object') return false;
  const role = (message as { role?: unknown }).role;
  return role === 'system' || role === 'developer';
}

export function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i += 1;
  return i;
}

export class PrefixCache {
  readonly #prompts = new Map<string, string[]>();

  /** Cached characters for `prompt`: its longest common prefix with an earlier prompt of `key`. */
  lookup(key: string | null, prompt: string): number {
    if (key === null) return 0;
    let best = 0;
    for (const earlier of this.#prompts.get(key) ?? []) best = Math.max(best, commonPrefixLength(earlier, prompt));
    return best;
  }

  store(key: string | null, prompt: string): void {
    if (key === null) return;
    const prompts = this.#prompts.get(key) ?? [];
    prompts.push(prompt);
    if (prompts.length > PROMPTS_KEPT_PER_KEY) prompts.shift();
    this.#prompts.set(key, prompts);
  }
}

export interface OutputTokens {
  outputTokens: number;
  reasoningTokens: number;
}

/** Output tokens include reasoning tokens, as OpenAI reports them. */
export function countOutputTokens(items: readonly DemoOutputItem[]): OutputTokens {
  let textChars = 0;
  let reasoningChars = 0;
  for (const item of items) {
    if (item.type === 'reasoning') reasoningChars += item.text.length;
    else textChars += outputText(item).length;
  }
  const reasoningTokens = countTokens(reasoningChars);
  return { outputTokens: countTokens(textChars) + reasoningTokens, reasoningTokens };
}

/** The text an item streams: message text, function arguments or custom tool input. */
export function outputText(item: DemoOutputItem): string {
  switch (item.type) {
    case 'reasoning':
    case 'message':
      return item.text;
    case 'function_call':
      return serializeArguments(item.arguments);
    case 'custom_tool_call':
      return item.input;
  }
}

export function serializeArguments(args: string | Record<string, unknown>): string {
  return typeof args === 'string' ? args : JSON.stringify(args);
}
