/**
 * The server's memory: which script each prompt_cache_key plays, how far each key has got, the
 * prefix cache, and the record of every request served.
 */
import {
  DEFAULT_CHUNK_SIZE,
  EXHAUSTED_STEP,
  fillDemoScript,
  type DemoOutputItem,
  type DemoScript,
  type DemoStep,
} from './script';
import { countOutputTokens, countTokens, PrefixCache } from './usage';

export interface DemoRequestRecord {
  api: 'responses' | 'chat';
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
  readonly #positions = new Map<string | null, number>();
  readonly #cache = new PrefixCache();

  constructor(defaultScript: DemoScript) {
    this.#defaultScript = defaultScript;
  }

  /** Registering again starts the key's script from its first step. */
  register(key: string, script: DemoScript, vars: Readonly<Record<string, string>> = {}): void {
    this.#scripts.set(key, fillDemoScript(script, { thread: key, ...vars }));
    this.#positions.delete(key);
  }

  take(request: StepRequest): TakenStep {
    const positionKey = request.key ?? ANONYMOUS;
    const position = this.#positions.get(positionKey) ?? 0;
    this.#positions.set(positionKey, position + 1);
    const step = this.#scriptFor(request.key).responses[position] ?? EXHAUSTED_STEP;
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
