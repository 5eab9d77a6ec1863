/** Helpers shared by this folder's tests: a real SDK client and raw HTTP against the server. */
import OpenAI from 'openai';
import type { DemoModelServer } from '../server';

/** No retries: a scripted error must surface, not play the next step. */
export function demoClient(server: DemoModelServer): OpenAI {
  return new OpenAI({ baseURL: server.url, apiKey: 'demo-key', maxRetries: 0 });
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export async function rawRequest(server: DemoModelServer, method: string, path: string, body?: string): Promise<RawAnswer> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
