/**
 * Compaction: when the next request would pass a share of the model's context window, the loop
 * asks the model for a hand-off summary (a request with no tools) and continues from the stable
 * prefix (instructions, tools, environment context), the recent user messages and that summary.
 * The prefix stays byte-identical, so the provider's prompt cache still holds it afterwards.
 */
import type { ConversationItem, TokenUsage } from './providers/provider';
import type { ToolDefinition } from './tools/tool';

export interface CompactionSettings {
  /** The model's context window, in tokens. */
  contextWindow: number;
  /** Compact when a request's estimated input passes this fraction of the window. */
  threshold: number;
}

export const DEFAULT_CONTEXT_WINDOW = 128_000;
export const DEFAULT_COMPACT_AT = 0.9;
/** How much of the user's own words survive a compaction verbatim, newest first. */
export const RECENT_USER_CHARS = 20_000;

export const SUMMARIZATION_PROMPT = `You are performing a context checkpoint: your context window is nearly full, and another model will continue this task from a hand-off summary you write now. Do not call any tool. Write the summary:
- what the user asked for, with their constraints and preferences;
- what has been done so far and the key decisions, with file paths;
- what remains, as clear next steps;
- anything else needed to continue (commands that work, errors seen, names, data).
Be concise and structured.`;

/** Starts the user message that carries a summary into the compacted conversation. */
export const SUMMARY_PREFIX =
  'The conversation so far was compacted because the context window filled up. Hand-off summary of the work so far:\n\n';

/** Roughly four characters per token, as tokenizers average on code and English. */
const CHARS_PER_TOKEN = 4;

/**
 * Estimates a request's input tokens: the provider's count for the last request, plus an estimate
 * of what was appended to the conversation since. Before any count, the whole request is estimated.
 */
export class ContextMeter {
  private lastInputTokens: number | null = null;
  private historyLengthAtLast = 0;

  constructor(readonly settings: CompactionSettings) {}

  /** Records the usage of a request that carried the first `historyLength` history items. */
  observe(historyLength: number, usage: TokenUsage): void {
    this.lastInputTokens = usage.inputTokens;
    this.historyLengthAtLast = historyLength;
  }

  /** The history was replaced: earlier counts no longer describe it. */
  reset(): void {
    this.lastInputTokens = null;
    this.historyLengthAtLast = 0;
  }

  estimate(request: { instructions: string; tools: readonly ToolDefinition[]; history: readonly ConversationItem[] }): number {
    if (this.lastInputTokens === null) {
      const chars = request.instructions.length + JSON.stringify(request.tools).length + historyChars(request.history);
      return Math.ceil(chars / CHARS_PER_TOKEN);
    }
    return this.lastInputTokens + Math.ceil(historyChars(request.history.slice(this.historyLengthAtLast)) / CHARS_PER_TOKEN);
  }

  limit(): number {
    return Math.floor(this.settings.contextWindow * this.settings.threshold);
  }
}

function historyChars(items: readonly ConversationItem[]): number {
  return items.reduce((sum, item) => sum + JSON.stringify(item).length, 0);
}

/**
 * The conversation after a compaction: the environment context (the prefix's last part), the
 * recent user messages (summaries of earlier compactions excluded), then the new summary.
 */
export function compactedHistory(history: readonly ConversationItem[], summary: string): ConversationItem[] {
  const [environment, ...rest] = history;
  const users = rest.flatMap((item) => (item.type === 'user' && !item.text.startsWith(SUMMARY_PREFIX) ? [item.text] : []));
  const recent = recentMessages(users, RECENT_USER_CHARS).map((text): ConversationItem => ({ type: 'user', text }));
  const kept = environment === undefined ? [] : [environment];
  return [...kept, ...recent, { type: 'user', text: `${SUMMARY_PREFIX}${summary}` }];
}

/** The newest messages whose total fits `budget`; the newest alone is cut to its end if it does not. */
export function recentMessages(messages: readonly string[], budget: number): string[] {
  const kept: string[] = [];
  let left = budget;
  for (const text of [...messages].reverse()) {
    if (text.length > left) {
      if (kept.length === 0) kept.push(`[...]${text.slice(text.length - budget)}`);
      break;
    }
    kept.push(text);
    left -= text.length;
  }
  return kept.reverse();
}
