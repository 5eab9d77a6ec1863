/**
 * Maps whatever a model request threw to an error a person can act on, and says whether the loop
 * should try again. The SDK's own retries are off (maxRetries: 0) so every retry is ours and shows.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { AgentErrorCode, ModelConfig } from '../../../src-shared/protocol/agent';
import { describeCause, ModelStreamError } from './provider';

export interface ModelFailure {
  code: AgentErrorCode;
  message: string;
  retryable: boolean;
  /** What the server asked us to wait (Retry-After), if it said. */
  retryAfterMs: number | null;
}

/** The stream went quiet for longer than the idle timeout and was aborted. */
export class StreamIdleError extends Error {
  constructor(readonly idleMs: number) {
    super(`no data for ${Math.round(idleMs / 1000)} s`);
    this.name = 'StreamIdleError';
  }
}

export function classifyModelError(error: unknown, model: ModelConfig): ModelFailure {
  const at = model.baseUrl;
  if (error instanceof StreamIdleError) {
    return retry('stream_failed', `The model server at ${at} stopped sending data (${error.message}).`);
  }
  if (error instanceof ModelStreamError) {
    return retry(error.kind === 'failed' ? 'server_error' : 'stream_failed', `${error.message} (${at})`);
  }
  if (error instanceof APIConnectionTimeoutError) {
    return retry('model_unreachable', `The model server at ${at} did not answer in time. Is it running?`);
  }
  if (error instanceof APIConnectionError) {
    return retry('model_unreachable', `Cannot reach the model server at ${at}: ${describeCause(error)}. Is it running?`);
  }
  if (error instanceof APIError) return classifyStatus(error, model);
  return {
    code: 'internal',
    message: `The model request failed unexpectedly: ${describeCause(error)}`,
    retryable: false,
    retryAfterMs: null,
  };
}

function classifyStatus(error: APIError, model: ModelConfig): ModelFailure {
  const at = model.baseUrl;
  const status = error.status;
  const detail = serverMessage(error);
  if (status === 401) return fail('auth_failed', `The API key was rejected by ${at}. Check the key in settings.`);
  if (status === 403) {
    return fail('auth_failed', `The API key is not allowed to use ${model.model} at ${at}${detail}. Check the key in settings.`);
  }
  if (status === 404) return fail('model_not_found', `Model ${model.model} was not found at ${at}.`);
  if (status === 429) {
    return { ...retry('rate_limited', `Rate limited by ${at}${detail}.`), retryAfterMs: retryAfterMs(error.headers) };
  }
  // No status: the server put an error object into the event stream itself.
  if (status === undefined) return retry('stream_failed', `The model stream from ${at} reported an error${detail}.`);
  if (status >= 500 || status === 408 || status === 409) {
    return retry('server_error', `The model server at ${at} failed (${status})${detail}.`);
  }
  return fail('internal', `The model server at ${at} rejected the request (${status})${detail}.`);
}

function serverMessage(error: APIError): string {
  const body = error.error;
  const message =
    body && typeof body === 'object' && 'message' in body && typeof body.message === 'string' ? body.message : null;
  return message ? `: ${message}` : '';
}

/** Retry-After in seconds or as an HTTP date, or OpenAI's retry-after-ms. */
export function retryAfterMs(headers: Headers | undefined): number | null {
  const ms = Number(headers?.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function retry(code: AgentErrorCode, message: string): ModelFailure {
  return { code, message, retryable: true, retryAfterMs: null };
}

function fail(code: AgentErrorCode, message: string): ModelFailure {
  return { code, message, retryable: false, retryAfterMs: null };
}
