/**
 * The scripted OpenAI-compatible model server: Responses API and Chat Completions over real HTTP
 * and SSE on loopback, playing demo scripts per prompt_cache_key (= thread id). It backs the test
 * suites and the app's demo mode. See docs/demo-scripts.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleChat, handleModels, handleResponses, type EndpointContext } from './endpoints';
import { HttpError, sendOpenAiError } from './http-util';
import { DEFAULT_DEMO_SCRIPT, type DemoScript } from './script';
import { ScriptBook, type DemoRequestRecord } from './script-book';

export type { DemoRequestRecord } from './script-book';

export interface DemoModelServer {
  /** Base URL for the openai SDK, ending in /v1, e.g. http://127.0.0.1:43123/v1 */
  readonly url: string;
  /** Choose the script for one thread. The key is the request's prompt_cache_key (= thread id). `vars` fill {{name}} placeholders in every string of the script. */
  registerScript(promptCacheKey: string, script: DemoScript, vars?: Record<string, string>): void;
  /** Every request served, in order (for tests and the prompt-cache benchmark). */
  readonly requests: readonly DemoRequestRecord[];
  close(): Promise<void>;
}

export interface DemoModelServerOptions {
  host?: string;
  port?: number;
  defaultScript?: DemoScript;
}

export async function startDemoModelServer(options: DemoModelServerOptions = {}): Promise<DemoModelServer> {
  const host = options.host ?? '127.0.0.1';
  const book = new ScriptBook(options.defaultScript ?? DEFAULT_DEMO_SCRIPT);
  const lifetime = new AbortController();
  const ctx: EndpointContext = { book, lifetime: lifetime.signal };
  const server = createServer((req, res) => {
    void route(req, res, ctx);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/v1`,
    requests: book.requests,
    registerScript: (key, script, vars) => book.register(key, script, vars),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        lifetime.abort();
        server.close(() => resolve());
        // Keep-alive sockets and streams cut short by the abort would otherwise hold close open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function route(req: IncomingMessage, res: ServerResponse, ctx: EndpointContext): Promise<void> {
  // A client that vanishes mid-answer must not take the server down with an unhandled error.
  res.on('error', () => undefined);
  req.on('error', () => undefined);
  const path = (req.url ?? '/').split('?')[0]?.replace(/\/+$/, '') ?? '';
  try {
    if (req.method === 'POST' && path === '/v1/responses') await handleResponses(req, res, ctx);
    else if (req.method === 'POST' && path === '/v1/chat/completions') await handleChat(req, res, ctx);
    else if (req.method === 'GET' && path === '/v1/models') handleModels(res, null);
    else if (req.method === 'GET' && path.startsWith('/v1/models/')) handleModels(res, decodeURIComponent(path.slice(11)));
    else throw new HttpError(404, `Unknown request URL: ${req.method ?? 'GET'} ${path || '/'}.`);
  } catch (err) {
    answerFailure(res, err);
  }
}

function answerFailure(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof HttpError) {
    sendOpenAiError(res, err.status, err.message, { param: err.param, code: null });
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  sendOpenAiError(res, 500, `The demo model server failed: ${message}`);
}
