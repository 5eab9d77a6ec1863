/**
 * The renderer's origin: app://flotilla/, a privileged scheme that serves dist/renderer and nothing
 * else. Unlike file://, the page gets an origin of its own (so 'self' in the CSP means exactly
 * these files), cannot read the rest of the disk, and needs no file:// privileges (that fuse is off).
 */
import type { Protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { contentTypeFor, findServableFile, RENDERER_CSP, resolveRequestPath } from '../server/renderer-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'flotilla';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`;

/** Our one page, at any #route; everything else, other app:// URLs included, is not. */
export function isOurPage(url: string): boolean {
  return url.split('#')[0] === APP_PAGE_URL;
}

/**
 * Must run before the app is ready. standard: URLs resolve like http ones (relative paths, an
 * origin); secure: a secure context, as https; corsEnabled: the page's `<script type="module">` is
 * fetched in CORS mode, and Chromium refuses CORS-mode loads of a scheme not marked so once it
 * treats them as cross-origin (our responses carry no Access-Control-Allow-Origin, so no other
 * origin can read them). No fetch API, service workers
 * or CSP bypass: the renderer loads its own script and styles and talks to the fleet over IPC only.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, corsEnabled: true } }]);
}

export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  const root = resolve(rendererDir);
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(root, request));
}

const HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' };

/** GET or HEAD of a file inside the renderer directory at app://flotilla/; anything else is refused. */
export async function serveAppRequest(root: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed.');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return refuse(404, 'Not found.');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(404, 'Not found.');
  const file = resolveRequestPath(root, url.pathname);
  const found = file === null ? null : await findServableFile(root, file);
  if (file === null || found === null) return refuse(404, 'Not found.');
  const contentType = contentTypeFor(file);
  const headers = {
    ...HEADERS,
    'Content-Type': contentType,
    ...(contentType.startsWith('text/html') ? { 'Content-Security-Policy': RENDERER_CSP } : {}),
  };
  const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(found.path));
  return new Response(body, { status: 200, headers });
}

function refuse(status: number, text: string): Response {
  return new Response(`${text}\n`, { status, headers: { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}
