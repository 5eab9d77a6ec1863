/**
 * The server's memory: which script each prompt_cache_key plays, how far each key has got, the
 * prefix cache, and the record of every request served.
 */
import type { ModelApi } from '../../src-shared/protocol/agent';
import {
  DEFAULT_CHUNK_SIZE,
  EXHAUSTED_STEP,
  fillDemoScript,
  type DemoOutputItem,
  type DemoScript,
  type DemoStep,
} from './script';
import { chooseStep } from './step-choice';
import { countOutputTokens, countTokens, PrefixCache } from './usage';

export interface DemoRequestRecord {
  api: ModelApi;
  promptCacheKey: string | null;
  model: string;
  /** 0-based position of the request within its key's script (past the end when exhausted). */
  step: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  body: unknown;
}

export interface StepRequest {
  api: DemoRequestRecord['api'];
  key: string | null;
  model: string;
  body: unknown;
  /** The canonical prompt, for token counts and the prefix cache. */
  prompt: string;
}

export interface TakenStep {
  step: DemoStep;
  /** What the step streams; empty for an error step. */
  items: readonly DemoOutputItem[];
  chunkSize: number;
  inputTokens: number;
  cachedTokens: number;
  /** The uncached rest of the prompt, which the provider now caches (0 without a key). */
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

/** Requests without a prompt_cache_key share this script position (a Map key no string equals). */
const ANONYMOUS = null;

export class ScriptBook {
  readonly requests: DemoRequestRecord[] = [];
  readonly #defaultScript: DemoScript;
  readonly #scripts = new Map<string, DemoScript>();
  /** Which entries each key has played; without `when` conditions, simply the first n. */
  readonly #played = new Map<string | null, Set<number>>();
  readonly #cache = new PrefixCache();

  constructor(defaultScript: DemoScript) {
    this.#defaultScript = defaultScript;
  }

  /** Registering again starts the key's script from its first step. */
  register(key: string, script: DemoScript, vars: Readonly<Record<string, string>> = {}): void {
    this.#scripts.set(key, fillDemoScript(script, { thread: key, ...vars }));
    this.#played.delete(key);
  }

  take(request: StepRequest): TakenStep {
    const positionKey = request.key ?? ANONYMOUS;
    const played = this.#played.get(positionKey) ?? new Set<number>();
    this.#played.set(positionKey, played);
    const responses = this.#scriptFor(request.key).responses;
    const chosen = chooseStep(responses, played, request.body);
    // Past the end, positions keep counting, as they did before entries could have conditions.
    const position = chosen ?? Math.max(responses.length, played.size);
    played.add(position);
    const step = chosen === null ? EXHAUSTED_STEP : (responses[chosen] ?? EXHAUSTED_STEP);
    const items = step.error ? [] : (step.output ?? []);
    const inputTokens = countTokens(request.prompt.length);
    const cachedTokens = Math.floor(this.#cache.lookup(request.key, request.prompt) / 4);
    const output = countOutputTokens(items);
    // A rejected request is never processed, so a real provider would not cache its prompt.
    if (!step.error) this.#cache.store(request.key, request.prompt);
    this.requests.push({
      api: request.api,
      promptCacheKey: request.key,
      model: request.model,
      step: position,
      inputTokens,
      cachedTokens,
      outputTokens: output.outputTokens,
      body: request.body,
    });
    const cacheWriteTokens = request.key === null || step.error ? 0 : inputTokens - cachedTokens;
    return { step, items, chunkSize: step.chunkSize ?? DEFAULT_CHUNK_SIZE, inputTokens, cachedTokens, cacheWriteTokens, ...output };
  }

  #scriptFor(key: string | null): DemoScript {
    const registered = key === null ? undefined : this.#scripts.get(key);
    return registered ?? fillDemoScript(this.#defaultScript, { thread: key ?? 'anonymous' });
  }
}
