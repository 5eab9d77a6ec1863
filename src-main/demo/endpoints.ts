/** The three endpoints: POST /v1/responses, POST /v1/chat/completions, GET /v1/models. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildChatAnswer } from './chat-chunks';
import { checkReplayedReasoning } from './encrypted-reasoning';
import type { PlayedFrame } from './frames';
import { HttpError, readJsonBody, sendJson, sendOpenAiError } from './http-util';
import { buildResponsesAnswer } from './responses-events';
import { DEFAULT_DELAY_MS } from './script';
import type { ScriptBook, TakenStep } from './script-book';
import { playFrames } from './sse-playback';
import { canonicalChatPrompt, canonicalResponsesPrompt } from './usage';

export const DEMO_MODEL_ID = 'flotilla-demo';

export interface EndpointContext {
  book: ScriptBook;
  /** Aborted when the server closes, so no stream outlives it. */
  lifetime: AbortSignal;
}

export async function handleResponses(req: IncomingMessage, res: ServerResponse, ctx: EndpointContext): Promise<void> {
  const body = await readJsonBody(req);
  const model = requireModel(body);
  if (typeof body.input !== 'string' && !Array.isArray(body.input)) {
    throw new HttpError(400, "Missing required parameter: 'input'.", 'input');
  }
  checkReplayedReasoning(body.input);
  const key = scriptKey(req, body);
  const taken = ctx.book.take({ api: 'responses', key, model, body, prompt: canonicalResponsesPrompt(body) });
  checkParallelToolCalls(body, taken);
  if (answeredWithoutOutput(req, res, taken, body.stream === true)) return;
  const usage = {
    input_tokens: taken.inputTokens,
    input_tokens_details: { cached_tokens: taken.cachedTokens, cache_write_tokens: taken.cacheWriteTokens },
    output_tokens: taken.outputTokens,
    output_tokens_details: { reasoning_tokens: taken.reasoningTokens },
    total_tokens: taken.inputTokens + taken.outputTokens,
  };
  const answer = buildResponsesAnswer({ body, model, items: taken.items, chunkSize: taken.chunkSize, usage });
  if (body.stream === true) await stream(res, answer.frames, taken, ctx);
  else sendJson(res, 200, answer.response);
}

export async function handleChat(req: IncomingMessage, res: ServerResponse, ctx: EndpointContext): Promise<void> {
  const body = await readJsonBody(req);
  const model = requireModel(body);
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw new HttpError(400, "Missing required parameter: 'messages'.", 'messages');
  }
  const key = scriptKey(req, body);
  const taken = ctx.book.take({ api: 'chat', key, model, body, prompt: canonicalChatPrompt(body) });
  checkParallelToolCalls(body, taken);
  if (answeredWithoutOutput(req, res, taken, body.stream === true)) return;
  const usage = {
    prompt_tokens: taken.inputTokens,
    prompt_tokens_details: { cached_tokens: taken.cachedTokens, cache_write_tokens: taken.cacheWriteTokens },
    completion_tokens: taken.outputTokens,
    completion_tokens_details: { reasoning_tokens: taken.reasoningTokens },
    total_tokens: taken.inputTokens + taken.outputTokens,
  };
  const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
  const answer = buildChatAnswer({ model, items: taken.items, chunkSize: taken.chunkSize, usage, includeUsage });
  if (body.stream === true) await stream(res, answer.frames, taken, ctx);
  else sendJson(res, 200, answer.completion);
}

export function handleModels(res: ServerResponse, modelId: string | null): void {
  const model = { id: modelId ?? DEMO_MODEL_ID, object: 'model', created: 0, owned_by: 'flotilla' };
  sendJson(res, 200, modelId === null ? { object: 'list', data: [model] } : model);
}

/** Scripted errors, and cuts of non-streaming requests, which have no stream to cut midway. */
function answeredWithoutOutput(req: IncomingMessage, res: ServerResponse, taken: TakenStep, streaming: boolean): boolean {
  const { error, cutAfterDeltas } = taken.step;
  if (error) {
    const headers: Record<string, string> =
      error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) };
    sendOpenAiError(res, error.status, error.message, { type: error.type, code: error.code, headers });
    return true;
  }
  if (cutAfterDeltas !== undefined && !streaming) {
    req.socket.destroy();
    return true;
  }
  return false;
}

async function stream(res: ServerResponse, frames: readonly PlayedFrame[], taken: TakenStep, ctx: EndpointContext): Promise<void> {
  const clientGone = new AbortController();
  res.on('close', () => clientGone.abort());
  await playFrames(res, frames, {
    delayMs: taken.step.delayMs ?? DEFAULT_DELAY_MS,
    cutAfterDeltas: taken.step.cutAfterDeltas ?? null,
    signal: AbortSignal.any([ctx.lifetime, clientGone.signal]),
  });
}

/**
 * A model told parallel_tool_calls: false makes at most one call per answer, so a step with more
 * cannot be played to that request. Saying so keeps a client that asks for one call at a time
 * from passing a test that scripts several.
 */
function checkParallelToolCalls(body: Record<string, unknown>, taken: TakenStep): void {
  if (body.parallel_tool_calls !== false) return;
  const calls = taken.items.filter((item) => item.type === 'function_call' || item.type === 'custom_tool_call').length;
  if (calls <= 1) return;
  throw new HttpError(
    400,
    `This demo script step answers with ${calls} tool calls, but the request set parallel_tool_calls: false. Send parallel_tool_calls: true (or leave it out), or script one tool call per step.`,
    'parallel_tool_calls',
  );
}

function requireModel(body: Record<string, unknown>): string {
  if (typeof body.model !== 'string' || body.model === '') {
    throw new HttpError(400, "Missing required parameter: 'model'.", 'model');
  }
  return body.model;
}

/**
 * A client that sets its own prompt_cache_key (the Codex CLI uses its own thread id) names the
 * Flotilla thread in this header instead, so it plays the script registered for that thread.
 */
export const SCRIPT_KEY_HEADER = 'x-flotilla-thread';

function scriptKey(req: IncomingMessage, body: Record<string, unknown>): string | null {
  const header = req.headers[SCRIPT_KEY_HEADER];
  return typeof header === 'string' && header !== '' ? header : promptCacheKey(body);
}

function promptCacheKey(body: Record<string, unknown>): string | null {
  return typeof body.prompt_cache_key === 'string' && body.prompt_cache_key !== '' ? body.prompt_cache_key : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
