/**
 * Plays one script step as a Chat Completions answer: the chunk sequence the SDK's
 * ChatCompletionStream accumulates (role, content deltas, tool_calls deltas, finish_reason, usage)
 * and the ChatCompletion a non-streaming request gets.
 *
 * Chat has one content string per choice, so message texts are joined and come before the tool
 * calls. A custom tool call becomes a function call whose arguments are {"input": text}, the way
 * Flotilla declares apply_patch on Chat. Reasoning goes out as `reasoning_content`, the field
 * OpenAI-compatible servers (vLLM, llama.cpp, DeepSeek) use.
 */
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionMessageFunctionToolCall } from 'openai/resources/chat/completions/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { DemoOutputItem } from './script';
import { newId, splitChunks, type PlayedFrame } from './frames';
import { serializeArguments } from './usage';

type Delta = ChatCompletionChunk.Choice.Delta;
type FinishReason = 'stop' | 'tool_calls';

export interface ChatAnswerInput {
  model: string;
  items: readonly DemoOutputItem[];
  chunkSize: number;
  usage: CompletionUsage;
  /** stream_options.include_usage: a last chunk with empty choices carries the usage. */
  includeUsage: boolean;
}

export interface ChatAnswer {
  frames: PlayedFrame[];
  completion: ChatCompletion;
}

interface ChatParts {
  reasoning: string;
  content: string;
  toolCalls: ChatCompletionMessageFunctionToolCall[];
}

function chatParts(items: readonly DemoOutputItem[]): ChatParts {
  const reasoning: string[] = [];
  const content: string[] = [];
  const toolCalls: ChatCompletionMessageFunctionToolCall[] = [];
  for (const item of items) {
    if (item.type === 'reasoning') reasoning.push(item.text);
    else if (item.type === 'message') content.push(item.text);
    else {
      const args = item.type === 'function_call' ? serializeArguments(item.arguments) : JSON.stringify({ input: item.input });
      toolCalls.push({ id: newId('call'), type: 'function', function: { name: item.name, arguments: args } });
    }
  }
  return { reasoning: reasoning.join('\n\n'), content: content.join('\n\n'), toolCalls };
}

export function buildChatAnswer(input: ChatAnswerInput): ChatAnswer {
  const parts = chatParts(input.items);
  const finishReason: FinishReason = parts.toolCalls.length > 0 ? 'tool_calls' : 'stop';
  const meta = { id: newId('chatcmpl'), created: Math.floor(Date.now() / 1000), model: input.model };
  const frames: PlayedFrame[] = [];
  const push = (delta: Delta, isDelta: boolean, finish: FinishReason | null = null): void => {
    const chunk: ChatCompletionChunk = {
      ...meta,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
      ...(input.includeUsage ? { usage: null } : {}),
    };
    frames.push({ payload: `data: ${JSON.stringify(chunk)}\n\n`, isDelta });
  };
  push({ role: 'assistant', content: '', refusal: null }, false);
  for (const piece of splitChunks(parts.reasoning, input.chunkSize)) {
    const delta: Delta & { reasoning_content: string } = { reasoning_content: piece };
    push(delta, true);
  }
  for (const piece of splitChunks(parts.content, input.chunkSize)) push({ content: piece }, true);
  parts.toolCalls.forEach((call, index) => {
    push({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, false);
    for (const piece of splitChunks(call.function.arguments, input.chunkSize)) {
      push({ tool_calls: [{ index, function: { arguments: piece } }] }, true);
    }
  });
  push({}, false, finishReason);
  if (input.includeUsage) {
    const usageChunk: ChatCompletionChunk = { ...meta, object: 'chat.completion.chunk', choices: [], usage: input.usage };
    frames.push({ payload: `data: ${JSON.stringify(usageChunk)}\n\n`, isDelta: false });
  }
  frames.push({ payload: 'data: [DONE]\n\n', isDelta: false });
  return { frames, completion: chatCompletion(meta, parts, finishReason, input.usage) };
}

function chatCompletion(
  meta: { id: string; created: number; model: string },
  parts: ChatParts,
  finishReason: FinishReason,
  usage: CompletionUsage,
): ChatCompletion {
  const message: ChatCompletion.Choice['message'] & { reasoning_content?: string } = {
    role: 'assistant',
    content: parts.content === '' && parts.toolCalls.length > 0 ? null : parts.content,
    refusal: null,
    ...(parts.toolCalls.length > 0 ? { tool_calls: parts.toolCalls } : {}),
    ...(parts.reasoning !== '' ? { reasoning_content: parts.reasoning } : {}),
  };
  return {
    ...meta,
    object: 'chat.completion',
    choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
    usage,
  };
}
