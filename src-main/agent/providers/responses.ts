/**
 * The OpenAI Responses API provider. Stateless on the server (store: false): every request
 * carries the whole conversation, with the stable prefix first so the provider can cache it.
 */
import OpenAI from 'openai';
import type {
  ResponseCreateParamsStreaming,
  ResponseInputItem,
  ResponseOutputItem,
  ResponseStreamEvent,
  ResponseUsage,
  Tool as ResponsesTool,
} from 'openai/resources/responses/responses';
import { assertNever } from '../../../src-shared/assert-never';
import type { ModelConfig } from '../../../src-shared/protocol/agent';
import type { ToolDefinition } from '../tools/tool';
import {
  guardTransport,
  type ConversationItem,
  type ModelOutputItem,
  type ModelRequest,
  type ModelStreamEvent,
  type TokenUsage,
  type Provider,
  ModelStreamError,
} from './provider';

export interface ResponsesProviderOptions {
  client: OpenAI;
  model: ModelConfig;
  /** prompt_cache_key: the thread id, so every request of a thread lands on the same cache. */
  cacheKey: string;
}

export function createResponsesProvider(options: ResponsesProviderOptions): Provider {
  return {
    async *stream(request, signal) {
      const body = buildResponsesBody(request, options.model, options.cacheKey);
      const stream = await options.client.responses.create(body, { signal });
      yield* normalizeResponsesStream(guardTransport(stream, isSdkError));
    },
  };
}

/** Key order matters for prefix caching: everything stable first, the growing `input` last. */
export function buildResponsesBody(
  request: ModelRequest,
  model: ModelConfig,
  cacheKey: string,
): ResponseCreateParamsStreaming {
  return {
    model: model.model,
    instructions: request.instructions,
    // Servers reject tool_choice without tools.
    ...(request.tools.length > 0
      ? {
          tools: request.tools.map(renderTool),
          tool_choice: 'auto' as const,
          // As Codex 0.169 sends it: the model may answer with several calls at once. The loop
          // still runs them one after another, in the order they came (tool-calls.ts).
          parallel_tool_calls: true,
        }
      : {}),
    ...(model.reasoningEffort ? { reasoning: { effort: model.reasoningEffort, summary: 'auto' as const } } : {}),
    // As Codex does: with store: false, the model's reasoning survives between requests only as
    // encrypted content it hands back and we replay; non-reasoning models reject the include.
    ...(requestsEncryptedReasoning(model) ? { include: ['reasoning.encrypted_content' as const] } : {}),
    store: false,
    stream: true,
    prompt_cache_key: cacheKey,
    input: request.history.flatMap(renderHistoryItem),
  };
}

/**
 * Model families that reason (OpenAI's o-series, gpt-5 but its chat variant, codex models,
 * gpt-oss, and Flotilla's demo model), after an optional `provider/` prefix; or any model given a
 * reasoning effort.
 */
const REASONING_MODEL = /^(o\d|gpt-5(?!(\.\d+)?-chat)|codex-|gpt-oss|flotilla-demo)/i;

export function requestsEncryptedReasoning(model: Pick<ModelConfig, 'model' | 'reasoningEffort'>): boolean {
  if (model.reasoningEffort) return true;
  return REASONING_MODEL.test(model.model.slice(model.model.lastIndexOf('/') + 1));
}

export function renderTool(definition: ToolDefinition): ResponsesTool {
  if (definition.kind === 'function') {
    const { name, description, parameters } = definition;
    return { type: 'function', name, description, parameters, strict: false };
  }
  const { name, description, grammar } = definition;
  return { type: 'custom', name, description, format: { type: 'grammar', syntax: 'lark', definition: grammar } };
}

/**
 * Assistant items go back as returned, minus server-side ids: with store: false nothing is
 * persisted, so an id would point at nothing.
 */
function renderHistoryItem(item: ConversationItem): ResponseInputItem[] {
  switch (item.type) {
    case 'user':
      return [{ type: 'message', role: 'user', content: item.text }];
    case 'message':
      return [{ type: 'message', role: 'assistant', content: item.text, ...(item.phase ? { phase: item.phase } : {}) }];
    case 'reasoning':
      // Without encrypted content a reasoning item cannot be replayed statelessly; the API rejects it.
      if (item.encryptedContent === null) return [];
      return [
        {
          type: 'reasoning',
          id: item.id,
          summary: item.text ? [{ type: 'summary_text', text: item.text }] : [],
          encrypted_content: item.encryptedContent,
        },
      ];
    case 'tool_call':
      return item.format === 'function'
        ? [{ type: 'function_call', call_id: item.callId, name: item.name, arguments: item.input }]
        : [{ type: 'custom_tool_call', call_id: item.callId, name: item.name, input: item.input }];
    case 'tool_output':
      return item.format === 'function'
        ? [{ type: 'function_call_output', call_id: item.callId, output: item.output }]
        : [{ type: 'custom_tool_call_output', call_id: item.callId, output: item.output }];
    default:
      return assertNever(item, 'history item');
  }
}

async function* normalizeResponsesStream(events: AsyncIterable<ResponseStreamEvent>): AsyncGenerator<ModelStreamEvent> {
  const output: ModelOutputItem[] = [];
  for await (const event of events) {
    const normalized = normalizeEvent(event, output);
    if (normalized) yield normalized;
    if (normalized?.type === 'completed') return;
  }
  throw new ModelStreamError('The model stream ended before the response was complete', 'cut');
}

function normalizeEvent(event: ResponseStreamEvent, output: ModelOutputItem[]): ModelStreamEvent | null {
  switch (event.type) {
    case 'response.output_text.delta':
      return { type: 'text_delta', key: outputKey(event.output_index), delta: event.delta };
    case 'response.reasoning_summary_text.delta':
      return { type: 'reasoning_delta', key: outputKey(event.output_index), delta: event.delta };
    case 'response.reasoning_summary_part.added':
      // Separate summary paragraphs the way the final item's text will join them.
      return event.summary_index > 0
        ? { type: 'reasoning_delta', key: outputKey(event.output_index), delta: '\n\n' }
        : { type: 'progress' };
    case 'response.output_item.done': {
      const item = toOutputItem(event.item, event.output_index);
      if (item) output.push(item);
      return { type: 'progress' };
    }
    case 'response.completed':
    case 'response.incomplete': {
      // Some servers only fill response.output; the streamed items win when there are any.
      const items = output.length > 0 ? output : collectOutput(event.response.output);
      return { type: 'completed', output: items, usage: toUsage(event.response.usage) };
    }
    case 'response.failed':
      throw new ModelStreamError(`The model failed: ${event.response.error?.message ?? 'no reason given'}`, 'failed');
    case 'error':
      throw new ModelStreamError(`The model stream reported an error: ${event.message}`, 'failed');
    default:
      return { type: 'progress' };
  }
}

function outputKey(outputIndex: number): string {
  return `o${outputIndex}`;
}

function collectOutput(items: ResponseOutputItem[]): ModelOutputItem[] {
  return items.flatMap((item, index) => toOutputItem(item, index) ?? []);
}

function toOutputItem(item: ResponseOutputItem, outputIndex: number): ModelOutputItem | null {
  const key = outputKey(outputIndex);
  switch (item.type) {
    case 'message': {
      const text = item.content.map((part) => (part.type === 'output_text' ? part.text : part.refusal)).join('');
      return { type: 'message', key, text, phase: item.phase ?? null };
    }
    case 'reasoning': {
      const text = item.summary.map((part) => part.text).join('\n\n');
      return { type: 'reasoning', key, id: item.id, text, encryptedContent: item.encrypted_content ?? null };
    }
    case 'function_call':
      return { type: 'tool_call', callId: item.call_id, name: item.name, input: item.arguments, format: 'function' };
    case 'custom_tool_call':
      return { type: 'tool_call', callId: item.call_id, name: item.name, input: item.input, format: 'custom' };
    default:
      // Hosted tools are never offered, so nothing else should come back; ignore it if it does.
      return null;
  }
}

function toUsage(usage: ResponseUsage | undefined): TokenUsage | null {
  if (!usage) return null;
  return {
    inputTokens: usage.input_tokens ?? 0,
    cachedInputTokens: usage.input_tokens_details?.cached_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    reasoningTokens: usage.output_tokens_details?.reasoning_tokens ?? 0,
  };
}

function isSdkError(error: unknown): boolean {
  return error instanceof OpenAI.APIError;
}
