/**
 * Serves the built renderer (dist/renderer) read-only: GET and HEAD of files inside the directory,
 * nothing above it, no listings. The page URL carries the API token, so responses forbid
 * referrers and framing.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** The same policy the Electron window gets; `connect-src 'self'` covers the same-origin WebSocket. */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-cache',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Maps a request URL to a file inside `root`, or null when it would leave it. */
export function resolveRequestPath(root: string, url: string | undefined): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url ?? '/', 'http://static.invalid').pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  if (pathname.endsWith('/')) pathname += 'index.html';
  const file = resolve(root, `.${pathname}`);
  return isInside(root, file) ? file : null;
}

function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function createStaticHandler(rendererDir: string): StaticHandler {
  const root = resolve(rendererDir);
  return (req, res) => {
    serve(root, req, res).catch(() => {
      if (!res.headersSent) respond(res, 500, 'Internal error.');
      else res.destroy();
    });
  };
}

async function serve(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return respond(res, 405, 'Method not allowed.');
  }
  const file = resolveRequestPath(root, req.url);
  if (file === null) return respond(res, 404, 'Not found.');
  const found = await openable(root, file);
  if (found === null) {
    return file === join(root, 'index.html') ? notBuilt(res, root) : respond(res, 404, 'Not found.');
  }
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Type': contentTypeFor(file),
    'Content-Length': found.size,
    ...(extname(file) === '.html' ? { 'Content-Security-Policy': RENDERER_CSP } : {}),
  });
  if (req.method === 'HEAD') return void res.end();
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** The file's size when it is a regular file whose real path (symlinks followed) is inside root. */
async function openable(root: string, file: string): Promise<{ size: number } | null> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!isInside(realRoot, realFile)) return null;
    const info = await stat(realFile);
    return info.isFile() ? { size: info.size } : null;
  } catch {
    return null;
  }
}

function respond(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
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
  res.writeHead(503, { ...COMMON_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
  res.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
