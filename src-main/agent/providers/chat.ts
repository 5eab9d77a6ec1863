/**
 * Chat Completions provider for OpenAI-compatible servers (Ollama, vLLM, llama.cpp, LM Studio,
 * OpenRouter). Free-form tools have no equivalent here, so they are offered as a function with one
 * `input` string; the loop unwraps it before the tool sees it.
 */
import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionChunk,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions/completions';
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

export type FunctionToolDefinition = Extract<ToolDefinition, { kind: 'function' }>;

export interface ChatProviderOptions {
  client: OpenAI;
  model: ModelConfig;
  cacheKey: string;
  /** Hand-written function forms of free-form tools (apply_patch explains its grammar in prose). */
  functionForms?: Readonly<Record<string, FunctionToolDefinition>>;
}

export function createChatProvider(options: ChatProviderOptions): Provider {
  return {
    async *stream(request, signal) {
      const body = buildChatBody(request, options);
      const stream = await options.client.chat.completions.create(body, { signal });
      yield* normalizeChatStream(guardTransport(stream, (error) => error instanceof OpenAI.APIError));
    },
  };
}

/** Stable fields first, the growing `messages` last, so request bodies share a prefix. */
export function buildChatBody(
  request: ModelRequest,
  options: Pick<ChatProviderOptions, 'model' | 'cacheKey' | 'functionForms'>,
): ChatCompletionCreateParamsStreaming {
  return {
    model: options.model.model,
    // Servers reject tool_choice without tools. No parallel_tool_calls: Codex 0.169 has no Chat
    // client ("wire_api = chat is no longer supported") and its last one sent none; OpenAI's
    // default already allows several calls, and the loop takes every call of an answer.
    ...(request.tools.length > 0
      ? { tools: request.tools.map((d) => renderChatTool(d, options.functionForms)), tool_choice: 'auto' as const }
      : {}),
    ...(options.model.reasoningEffort ? { reasoning_effort: options.model.reasoningEffort } : {}),
    stream: true,
    stream_options: { include_usage: true },
    prompt_cache_key: options.cacheKey,
    messages: [{ role: 'system', content: request.instructions }, ...renderChatMessages(request.history)],
  };
}

export function renderChatTool(
  definition: ToolDefinition,
  functionForms: Readonly<Record<string, FunctionToolDefinition>> = {},
): ChatCompletionTool {
  const fn = definition.kind === 'function' ? definition : (functionForms[definition.name] ?? freeformAsFunction(definition));
  return { type: 'function', function: { name: fn.name, description: fn.description, parameters: fn.parameters } };
}

function freeformAsFunction(definition: Extract<ToolDefinition, { kind: 'freeform' }>): FunctionToolDefinition {
  return {
    kind: 'function',
    name: definition.name,
    description: `${definition.description}\n\nPass the complete input as the \`input\` string. It must match this Lark grammar:\n${definition.grammar}`,
    parameters: {
      type: 'object',
      properties: { input: { type: 'string', description: `The whole ${definition.name} input.` } },
      required: ['input'],
      additionalProperties: false,
    },
  };
}

/** One assistant message per model answer: its text plus the tool calls it made. */
export function renderChatMessages(history: readonly ConversationItem[]): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [];
  let assistant: ChatCompletionAssistantMessageParam | null = null;
  let assistantResponse = -1;
  const assistantFor = (response: number): ChatCompletionAssistantMessageParam => {
    if (assistant && assistantResponse === response) return assistant;
    assistant = { role: 'assistant', content: null };
    assistantResponse = response;
    messages.push(assistant);
    return assistant;
  };
  for (const item of history) {
    if (item.type === 'user') {
      messages.push({ role: 'user', content: item.text });
      assistant = null;
    } else if (item.type === 'tool_output') {
      messages.push({ role: 'tool', tool_call_id: item.callId, content: item.output });
      assistant = null;
    } else if (item.type === 'message') {
      const target = assistantFor(item.response);
      target.content = typeof target.content === 'string' ? target.content + item.text : item.text;
    } else if (item.type === 'tool_call') {
      const target = assistantFor(item.response);
      // A custom call can only come from the Responses API; say it the way a function would.
      const args = item.format === 'function' ? item.input : JSON.stringify({ input: item.input });
      target.tool_calls = [
        ...(target.tool_calls ?? []),
        { id: item.callId, type: 'function', function: { name: item.name, arguments: args } },
      ];
    }
    // Reasoning is not part of the Chat Completions conversation.
  }
  return messages;
}

interface PendingCall {
  id: string;
  name: string;
  args: string;
}

async function* normalizeChatStream(chunks: AsyncIterable<ChatCompletionChunk>): AsyncGenerator<ModelStreamEvent> {
  let text = '';
  let reasoning = '';
  let finished = false;
  let usage: TokenUsage | null = null;
  const calls = new Map<number, PendingCall>();
  for await (const chunk of chunks) {
    if (chunk.usage) usage = toUsage(chunk.usage);
    const choice = chunk.choices[0];
    if (!choice) {
      yield { type: 'progress' };
      continue;
    }
    if (choice.finish_reason) finished = true;
    const delta = choice.delta;
    const reasoningDelta = nonStandardReasoning(delta);
    if (reasoningDelta) {
      reasoning += reasoningDelta;
      yield { type: 'reasoning_delta', key: 'reasoning', delta: reasoningDelta };
    }
    if (delta.content) {
      text += delta.content;
      yield { type: 'text_delta', key: 'message', delta: delta.content };
    }
    for (const call of delta.tool_calls ?? []) accumulateCall(calls, call);
    if (delta.tool_calls?.length) yield { type: 'progress' };
  }
  if (!finished) throw new ModelStreamError('The model stream ended before the answer was complete', 'cut');
  yield { type: 'completed', output: collectOutput(reasoning, text, calls), usage };
}

function accumulateCall(calls: Map<number, PendingCall>, call: ChatCompletionChunk.Choice.Delta.ToolCall): void {
  const pending = calls.get(call.index) ?? { id: '', name: '', args: '' };
  if (call.id) pending.id = call.id;
  if (call.function?.name) pending.name += call.function.name;
  if (call.function?.arguments) pending.args += call.function.arguments;
  calls.set(call.index, pending);
}

function collectOutput(reasoning: string, text: string, calls: Map<number, PendingCall>): ModelOutputItem[] {
  const output: ModelOutputItem[] = [];
  if (reasoning) output.push({ type: 'reasoning', key: 'reasoning', id: '', text: reasoning, encryptedContent: null });
  if (text) output.push({ type: 'message', key: 'message', text, phase: null });
  const ordered = [...calls.entries()].sort(([a], [b]) => a - b);
  for (const [, call] of ordered) {
    // Some servers omit call ids; the conversation still needs one to pair the output with.
    const callId = call.id || `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
    output.push({ type: 'tool_call', callId, name: call.name, input: call.args, format: 'function' });
  }
  return output;
}

/** llama.cpp, vLLM and DeepSeek stream reasoning as `reasoning_content` (or `reasoning`). */
function nonStandardReasoning(delta: ChatCompletionChunk.Choice.Delta): string | null {
  const extra = delta as ChatCompletionChunk.Choice.Delta & { reasoning_content?: unknown; reasoning?: unknown };
  const value = extra.reasoning_content ?? extra.reasoning;
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function toUsage(usage: NonNullable<ChatCompletionChunk['usage']>): TokenUsage {
  return {
    inputTokens: usage.prompt_tokens ?? 0,
    cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
    outputTokens: usage.completion_tokens ?? 0,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}
