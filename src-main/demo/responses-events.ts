/**
 * Plays one script step as a Responses API answer: the full event sequence the SDK's
 * ResponseStream accumulates (created, in_progress, per-item added / deltas / done, completed)
 * and the final Response object a non-streaming request gets.
 */
import type {
  Response,
  ResponseOutputItem,
  ResponseStreamEvent,
  ResponseUsage,
} from 'openai/resources/responses/responses';
import { encryptReasoning, wantsEncryptedReasoning } from './encrypted-reasoning';
import type { DemoOutputItem } from './script';
import { newId, splitChunks, type PlayedFrame } from './frames';
import { serializeArguments } from './usage';

type Unsequenced<E> = E extends unknown ? Omit<E, 'sequence_number'> : never;

export interface ResponsesAnswerInput {
  body: Readonly<Record<string, unknown>>;
  model: string;
  items: readonly DemoOutputItem[];
  chunkSize: number;
  usage: ResponseUsage;
}

export interface ResponsesAnswer {
  frames: PlayedFrame[];
  response: Response;
}

class EventRecorder {
  readonly frames: PlayedFrame[] = [];
  #sequence = 0;

  push(event: Unsequenced<ResponseStreamEvent>, isDelta = false): void {
    const sequenced = { ...event, sequence_number: this.#sequence++ } as ResponseStreamEvent;
    const payload = `event: ${sequenced.type}\ndata: ${JSON.stringify(sequenced)}\n\n`;
    this.frames.push({ payload, isDelta });
  }
}

export function buildResponsesAnswer(input: ResponsesAnswerInput): ResponsesAnswer {
  const recorder = new EventRecorder();
  const base = baseResponse(input);
  recorder.push({ type: 'response.created', response: base });
  recorder.push({ type: 'response.in_progress', response: base });
  const encrypt = wantsEncryptedReasoning(input.body);
  const output = input.items.map((item, index) => playItem(recorder, item, index, input.chunkSize, encrypt));
  const response: Response = {
    ...base,
    status: 'completed',
    completed_at: Math.floor(Date.now() / 1000),
    output,
    output_text: outputTextOf(output),
    usage: input.usage,
  };
  recorder.push({ type: 'response.completed', response });
  return { frames: recorder.frames, response };
}

function baseResponse(input: ResponsesAnswerInput): Response {
  const { body } = input;
  return {
    id: newId('resp'),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'in_progress',
    model: input.model,
    output: [],
    output_text: '',
    error: null,
    incomplete_details: null,
    instructions: typeof body.instructions === 'string' ? body.instructions : null,
    metadata: null,
    parallel_tool_calls: body.parallel_tool_calls !== false,
    temperature: null,
    tool_choice: 'auto',
    tools: (Array.isArray(body.tools) ? body.tools : []) as Response['tools'],
    top_p: null,
    prompt_cache_key: typeof body.prompt_cache_key === 'string' ? body.prompt_cache_key : null,
  };
}

function playItem(recorder: EventRecorder, item: DemoOutputItem, index: number, chunkSize: number, encrypt: boolean): ResponseOutputItem {
  switch (item.type) {
    case 'reasoning':
      return playReasoning(recorder, item.text, index, chunkSize, encrypt);
    case 'message':
      return playMessage(recorder, item.text, index, chunkSize);
    case 'function_call':
      return playFunctionCall(recorder, item.name, serializeArguments(item.arguments), index, chunkSize);
    case 'custom_tool_call':
      return playCustomToolCall(recorder, item.name, item.input, index, chunkSize);
  }
}

function playMessage(recorder: EventRecorder, text: string, outputIndex: number, chunkSize: number): ResponseOutputItem {
  const id = newId('msg');
  const at = { item_id: id, output_index: outputIndex, content_index: 0 };
  recorder.push({
    type: 'response.output_item.added',
    output_index: outputIndex,
    item: { type: 'message', id, role: 'assistant', status: 'in_progress', content: [] },
  });
  recorder.push({ type: 'response.content_part.added', ...at, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
  for (const delta of splitChunks(text, chunkSize)) {
    recorder.push({ type: 'response.output_text.delta', ...at, delta, logprobs: [] }, true);
  }
  recorder.push({ type: 'response.output_text.done', ...at, text, logprobs: [] });
  const part = { type: 'output_text' as const, text, annotations: [], logprobs: [] };
  recorder.push({ type: 'response.content_part.done', ...at, part });
  const done: ResponseOutputItem = { type: 'message', id, role: 'assistant', status: 'completed', content: [part] };
  recorder.push({ type: 'response.output_item.done', output_index: outputIndex, item: done });
  return done;
}

/**
 * Reasoning streams as a summary, the part the Responses API shows to clients; its full content
 * comes, encrypted, on the finished item when the request asked for it.
 */
function playReasoning(recorder: EventRecorder, text: string, outputIndex: number, chunkSize: number, encrypt: boolean): ResponseOutputItem {
  const id = newId('rs');
  const at = { item_id: id, output_index: outputIndex, summary_index: 0 };
  recorder.push({ type: 'response.output_item.added', output_index: outputIndex, item: { type: 'reasoning', id, summary: [] } });
  recorder.push({ type: 'response.reasoning_summary_part.added', ...at, part: { type: 'summary_text', text: '' } });
  for (const delta of splitChunks(text, chunkSize)) {
    recorder.push({ type: 'response.reasoning_summary_text.delta', ...at, delta }, true);
  }
  recorder.push({ type: 'response.reasoning_summary_text.done', ...at, text });
  const part = { type: 'summary_text' as const, text };
  recorder.push({ type: 'response.reasoning_summary_part.done', ...at, part });
  const done: ResponseOutputItem = {
    type: 'reasoning',
    id,
    summary: [part],
    ...(encrypt ? { encrypted_content: encryptReasoning(id, text) } : {}),
  };
  recorder.push({ type: 'response.output_item.done', output_index: outputIndex, item: done });
  return done;
}

function playFunctionCall(
  recorder: EventRecorder,
  name: string,
  args: string,
  outputIndex: number,
  chunkSize: number,
): ResponseOutputItem {
  const id = newId('fc');
  const callId = newId('call');
  const at = { item_id: id, output_index: outputIndex };
  recorder.push({
    type: 'response.output_item.added',
    output_index: outputIndex,
    item: { type: 'function_call', id, call_id: callId, name, arguments: '', status: 'in_progress' },
  });
  for (const delta of splitChunks(args, chunkSize)) {
    recorder.push({ type: 'response.function_call_arguments.delta', ...at, delta }, true);
  }
  recorder.push({ type: 'response.function_call_arguments.done', ...at, name, arguments: args });
  const done: ResponseOutputItem = { type: 'function_call', id, call_id: callId, name, arguments: args, status: 'completed' };
  recorder.push({ type: 'response.output_item.done', output_index: outputIndex, item: done });
  return done;
}

function playCustomToolCall(
  recorder: EventRecorder,
  name: string,
  input: string,
  outputIndex: number,
  chunkSize: number,
): ResponseOutputItem {
  const id = newId('ctc');
  const callId = newId('call');
  const at = { item_id: id, output_index: outputIndex };
  recorder.push({
    type: 'response.output_item.added',
    output_index: outputIndex,
    item: { type: 'custom_tool_call', id, call_id: callId, name, input: '' },
  });
  for (const delta of splitChunks(input, chunkSize)) {
    recorder.push({ type: 'response.custom_tool_call_input.delta', ...at, delta }, true);
  }
  recorder.push({ type: 'response.custom_tool_call_input.done', ...at, input });
  const done: ResponseOutputItem = { type: 'custom_tool_call', id, call_id: callId, name, input };
  recorder.push({ type: 'response.output_item.done', output_index: outputIndex, item: done });
  return done;
}

function outputTextOf(output: readonly ResponseOutputItem[]): string {
  const texts: string[] = [];
  for (const item of output) {
    if (item.type !== 'message') continue;
    for (const part of item.content) if (part.type === 'output_text') texts.push(part.text);
  }
  return texts.join('');
}
