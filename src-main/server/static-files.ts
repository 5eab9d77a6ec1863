/**
 * Serves the built renderer (dist/renderer) read-only: GET and HEAD of files inside the directory,
 * nothing above it, no listings. Every answer carries a validator (ETag, Last-Modified) so a
 * reload costs a 304, and text goes out as brotli or gzip when the client takes it. The page URL
 * carries the API token, so responses forbid referrers and framing.
 */
import { readdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, join, resolve } from 'node:path';
import { contentTypeFor, findServableFile, isCompressible, RENDERER_CSP, resolveRequestPath } from './renderer-files';
import { createStaticFileCache, ETAG_SUFFIX, type CachedFile, type ContentEncoding, type StaticFileCache } from './static-file-cache';

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};
/** Revalidated on every use, which the validators make a 304 without a body: index.html above all. */
const CACHE_CONTROL = 'no-cache';
/**
 * The build names the renderer's script and styles by their content (app-<esbuild hash>.js), so a
 * name never serves other bytes: browsers keep them a year without asking.
 */
const CONTENT_HASHED = /-[A-Z0-9]{8}\.(js|css)(\.map)?$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

export function cacheControlFor(file: string): string {
  return CONTENT_HASHED.test(basename(file)) ? IMMUTABLE : CACHE_CONTROL;
}

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function createStaticHandler(rendererDir: string): StaticHandler {
  const root = resolve(rendererDir);
  const cache = createStaticFileCache();
  void warm(root, cache);
  return (req, res) => {
    serve(root, cache, req, res).catch(() => {
      if (!res.headersSent) respond(res, 500, 'Internal error.');
      else res.destroy();
    });
  };
}

async function serve(root: string, cache: StaticFileCache, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return respond(res, 405, 'Method not allowed.');
  }
  const file = resolveRequestPath(root, req.url);
  if (file === null) return respond(res, 404, 'Not found.');
  const found = await findServableFile(root, file);
  if (found === null) {
    return file === join(root, 'index.html') ? notBuilt(res, root) : respond(res, 404, 'Not found.');
  }
  const cached = await cache.get(found);
  const contentType = contentTypeFor(file);
  const compressible = isCompressible(contentType);
  const { encoding, body } = await choose(cached, compressible ? acceptedEncodings(req.headers['accept-encoding']) : []);
  const etag = encoding === null ? cached.etag : `${cached.etag.slice(0, -1)}${ETAG_SUFFIX[encoding]}"`;
  const validators = {
    'Cache-Control': cacheControlFor(file),
    ETag: etag,
    'Last-Modified': cached.mtime.toUTCString(),
    ...(compressible ? { Vary: 'Accept-Encoding' } : {}),
  };
  if (notModified(req, etag, cached.mtime)) {
    res.writeHead(304, { ...COMMON_HEADERS, ...validators });
    return void res.end();
  }
  res.writeHead(200, {
    ...COMMON_HEADERS,
    ...validators,
    'Content-Type': contentType,
    'Content-Length': body.length,
    ...(encoding ? { 'Content-Encoding': encoding } : {}),
    ...(contentType.startsWith('text/html') ? { 'Content-Security-Policy': RENDERER_CSP } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Loads the page and its bundles into the cache as the server starts, so the first visit is
 * answered from memory instead of waiting for reads and hashing on a machine that is still busy
 * starting the fleet. Source maps and the compressed siblings (loaded with their file) are not
 * loaded; nothing here fails the server: a file that cannot be read now is read on request.
 */
async function warm(root: string, cache: StaticFileCache): Promise<void> {
  try {
    const names = (await readdir(root)).filter((name) => name === 'index.html' || CONTENT_HASHED.test(name));
    for (const name of names.filter((n) => !n.endsWith('.map'))) {
      const found = await findServableFile(root, join(root, name));
      if (found) await cache.get(found);
    }
  } catch {
    // Not built yet, or unreadable: requests say so.
  }
}

/** The first accepted encoding that makes the file smaller, else the raw bytes. */
async function choose(cached: CachedFile, accepted: ContentEncoding[]): Promise<{ encoding: ContentEncoding | null; body: Buffer }> {
  for (const encoding of accepted) {
    const body = await cached.encoded(encoding);
    if (body) return { encoding, body };
  }
  return { encoding: null, body: cached.raw };
}

/** br and gzip as the Accept-Encoding header weighs them (q=0 refuses; `*` stands for both), best first. */
export function acceptedEncodings(header: string | undefined): ContentEncoding[] {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (name && Number.isFinite(weight)) weights.set(name, weight);
  }
  const weightOf = (name: ContentEncoding) => weights.get(name) ?? weights.get('*') ?? 0;
  // On a tie brotli wins: it is the smaller of the two.
  return (['br', 'gzip'] as const).filter((name) => weightOf(name) > 0).sort((a, b) => weightOf(b) - weightOf(a));
}

/** RFC 9110 §13.2.2: If-None-Match decides when present (weak comparison), else If-Modified-Since. */
function notModified(req: IncomingMessage, etag: string, mtime: Date): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const tags = ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(etag);
  }
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  // HTTP dates have whole seconds.
  return Number.isFinite(since) && Math.floor(mtime.getTime() / 1000) * 1000 <= since;
}

function respond(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'Cache-Control': CACHE_CONTROL, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

function notBuilt(res: ServerResponse, root: string): void {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Flotilla is not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Flotilla's user interface is not built</h1>
<p>No <code>index.html</code> was found in <code>${escapeHtml(root)}</code>.</p>
<p>Run <code>npm run build</code> in the Flotilla checkout, then reload this page.</p>
</body></html>
`;
  res.writeHead(503, { ...COMMON_HEADERS, 'Cache-Control': CACHE_CONTROL, 'Content-Type': 'text/html; charset=utf-8' });
  res.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
