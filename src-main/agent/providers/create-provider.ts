/** Builds the model client and the provider a thread's settings ask for. */
import OpenAI from 'openai';
import { assertNever } from '../../../src-shared/assert-never';
import type { ModelConfig } from '../../../src-shared/protocol/agent';
import { createChatProvider, type FunctionToolDefinition } from './chat';
import type { Provider } from './provider';
import { createResponsesProvider } from './responses';

export interface CreateProviderOptions {
  model: ModelConfig;
  /** The thread id: the prompt cache key of every request. */
  cacheKey: string;
  /** How long to wait for response headers. The body is guarded by the loop's idle timeout. */
  timeoutMs: number;
  functionForms?: Readonly<Record<string, FunctionToolDefinition>>;
}

export function createProvider(options: CreateProviderOptions): Provider {
  const { model, cacheKey } = options;
  const client = new OpenAI({
    baseURL: model.baseUrl,
    // Local servers take any key; the SDK refuses to start without one.
    apiKey: model.apiKey || 'unused',
    // We retry ourselves so each retry is visible as an `error` event with willRetry: true.
    maxRetries: 0,
    timeout: options.timeoutMs,
  });
  switch (model.api) {
    case 'responses':
      return createResponsesProvider({ client, model, cacheKey });
    case 'chat':
      return createChatProvider({ client, model, cacheKey, functionForms: options.functionForms });
    default:
      return assertNever(model.api, 'model api');
  }
}
