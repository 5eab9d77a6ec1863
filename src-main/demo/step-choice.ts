/**
 * Which response entry a request plays. Without conditions, entries play in order. With them, a
 * request plays the first unplayed entry whose `when` matches its latest user message, else the
 * first unplayed entry without a condition, so a script can branch on what the user said.
 */
import type { DemoCondition, DemoStep } from './script';

/** Index of the entry to play, or null when every playable entry has been played. */
export function chooseStep(steps: readonly DemoStep[], played: ReadonlySet<number>, body: unknown): number | null {
  const message = lastUserMessage(body);
  const open = steps.map((step, index) => ({ step, index })).filter(({ index }) => !played.has(index));
  const matched = open.find(({ step }) => step.when !== undefined && matches(step.when, message));
  const next = matched ?? open.find(({ step }) => step.when === undefined);
  return next ? next.index : null;
}

function matches(condition: DemoCondition, message: string | null): boolean {
  return message !== null && message.includes(condition.lastUserMessageIncludes);
}

/** The text of the last user message of a Responses (`input`) or Chat Completions (`messages`) body. */
export function lastUserMessage(body: unknown): string | null {
  if (!isRecord(body)) return null;
  const list = Array.isArray(body.input) ? body.input : Array.isArray(body.messages) ? body.messages : [];
  for (let i = list.length - 1; i >= 0; i -= 1) {
    const entry: unknown = list[i];
    if (isRecord(entry) && entry.role === 'user') return contentText(entry.content);
  }
  return typeof body.input === 'string' ? body.input : null;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part: unknown) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
