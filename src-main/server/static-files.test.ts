import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { request, type OutgoingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeFleet } from './test-support/fake-fleet';
import { startServer, type RunningServer } from './server';
import { resolveRequestPath } from './renderer-files';
import { acceptedEncodings, cacheControlFor } from './static-files';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  bytes: Buffer;
}

/** A raw request: the path goes on the wire exactly as given (fetch would normalize it). */
function get(port: number, path: string, method = 'GET', headers: OutgoingHttpHeaders = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString(), bytes });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Text that compresses well, as a real bundle does. */
const BIG_JS = Array.from({ length: 2000 }, (_, i) => `export function f${i}(x) { return x + ${i}; }\n`).join('');

describe('static files', () => {
  let base: string;
  let renderer: string;
  let server: RunningServer;
  let empty: RunningServer;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'flotilla-static-'));
    renderer = join(base, 'renderer');
    mkdirSync(join(renderer, 'fonts'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Flotilla</title>');
    writeFileSync(join(renderer, 'app.js'), 'console.log(1)');
    writeFileSync(join(renderer, 'big.js'), BIG_JS);
    writeFileSync(join(renderer, 'big.woff2'), BIG_JS);
    writeFileSync(join(renderer, 'app-WDU55H4P.js'), 'console.log(2)');
    writeFileSync(join(renderer, 'app.css'), 'body{}');
    writeFileSync(join(renderer, 'fonts', 'a.woff2'), 'font');
    writeFileSync(join(base, 'secret.txt'), 'secret');
    symlinkSync(join(base, 'secret.txt'), join(renderer, 'link.txt'));
    mkdirSync(join(base, 'unbuilt'));
    server = await startServer({ fleet: createFakeFleet(), rendererDir: renderer });
    empty = await startServer({ fleet: createFakeFleet(), rendererDir: join(base, 'unbuilt') });
  });
  afterAll(async () => {
    await Promise.all([server.close(), empty.close()]);
    rmSync(base, { recursive: true, force: true });
  });

  it('serves index.html at / with a CSP and no referrer, and files with their content types', async () => {
    const index = await get(server.port, `/?token=${server.token}`);
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>Flotilla</title>');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    expect((await get(server.port, '/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(server.port, '/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const font = await get(server.port, '/fonts/a.woff2');
    expect([font.status, font.headers['content-type'], font.body]).toEqual([200, 'font/woff2', 'font']);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(server.port, '/app.js', 'HEAD');
    expect([head.status, head.headers['content-length'], head.body]).toEqual([200, '14', '']);
    const post = await get(server.port, '/app.js', 'POST');
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD']);
  });

  it('answers 404 for missing files, directories, traversal and symlinks out of the directory', async () => {
    const paths = [
      '/missing.js',
      '/fonts',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/fonts/..%2f..%2fsecret.txt',
      '/link.txt',
      '/%00',
      '/%E0%A4%A',
    ];
    for (const path of paths) {
      const reply = await get(server.port, path);
      expect([path, reply.status]).toEqual([path, 404]);
      expect(reply.body).not.toContain('secret');
    }
  });

  it('sends validators and answers 304 to If-None-Match and If-Modified-Since', async () => {
    const first = await get(server.port, '/app.js');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.headers['last-modified']).toBeTruthy();
    expect(first.headers['cache-control']).toBe('no-cache');
    for (const condition of [{ 'If-None-Match': etag }, { 'If-None-Match': `"other", W/${etag}` }, { 'If-Modified-Since': String(first.headers['last-modified']) }]) {
      const again = await get(server.port, '/app.js', 'GET', condition);
      expect([again.status, again.body, again.headers.etag]).toEqual([304, '', etag]);
    }
    // A validator that no longer matches gets the file; If-None-Match outranks If-Modified-Since.
    const stale = await get(server.port, '/app.js', 'GET', { 'If-None-Match': '"stale"', 'If-Modified-Since': String(first.headers['last-modified']) });
    expect([stale.status, stale.body]).toEqual([200, 'console.log(1)']);
    const index = await get(server.port, '/', 'GET');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect((await get(server.port, '/', 'GET', { 'If-None-Match': String(index.headers.etag) })).status).toBe(304);
  });

  it('lets browsers keep content-named bundles for a year, and revalidate everything else', async () => {
    const hashed = await get(server.port, '/app-WDU55H4P.js');
    expect([hashed.status, hashed.headers['cache-control']]).toEqual([200, 'public, max-age=31536000, immutable']);
    expect(hashed.headers.etag).toBeTruthy();
    for (const path of ['/', '/index.html', '/app.js', '/fonts/a.woff2']) {
      expect([path, (await get(server.port, path)).headers['cache-control']]).toEqual([path, 'no-cache']);
    }
    expect(['app-BLGY4OV7.css', 'app-BLGY4OV7.css.map', 'app-x.js', 'app-WDU55H4P.html'].map(cacheControlFor)).toEqual([
      'public, max-age=31536000, immutable',
      'public, max-age=31536000, immutable',
      'no-cache',
      'no-cache',
    ]);
  });

  it('sees a rebuilt file at once: a new ETag and the new bytes', async () => {
    const file = join(renderer, 'rebuilt.js');
    writeFileSync(file, 'one');
    const before = await get(server.port, '/rebuilt.js');
    writeFileSync(file, 'two!');
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const after = await get(server.port, '/rebuilt.js', 'GET', { 'If-None-Match': String(before.headers.etag) });
    expect([after.status, after.body]).toEqual([200, 'two!']);
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('compresses text with brotli or gzip as the client accepts, with their own ETags', async () => {
    const plain = await get(server.port, '/big.js');
    expect([plain.headers['content-encoding'], plain.body, plain.headers.vary]).toEqual([undefined, BIG_JS, 'Accept-Encoding']);
    const br = await get(server.port, '/big.js', 'GET', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.bytes).toString()).toBe(BIG_JS);
    expect(br.bytes.length).toBeLessThan(BIG_JS.length / 4);
    expect(Number(br.headers['content-length'])).toBe(br.bytes.length);
    const gz = await get(server.port, '/big.js', 'GET', { 'Accept-Encoding': 'br;q=0, gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.bytes).toString()).toBe(BIG_JS);
    expect(new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]).size).toBe(3);
    // The gzip ETag does not validate the brotli form.
    const switched = await get(server.port, '/big.js', 'GET', { 'Accept-Encoding': 'br', 'If-None-Match': String(gz.headers.etag) });
    expect([switched.status, switched.headers['content-encoding']]).toEqual([200, 'br']);
    const head = await get(server.port, '/big.js', 'HEAD', { 'Accept-Encoding': 'gzip' });
    expect([head.body, head.headers['content-length']]).toEqual(['', String(gz.bytes.length)]);
  });

  it("sends the build's precompressed siblings as they are, unless older than the file", async () => {
    // The siblings say something the file does not, so the reply shows which was sent.
    const fromBuild = `${BIG_JS}// compressed by the build\n`;
    writeFileSync(join(renderer, 'pre.js'), BIG_JS);
    writeFileSync(join(renderer, 'pre.js.br'), brotliCompressSync(fromBuild));
    writeFileSync(join(renderer, 'pre.js.gz'), gzipSync(fromBuild));
    const br = await get(server.port, '/pre.js', 'GET', { 'Accept-Encoding': 'br' });
    expect([br.headers['content-encoding'], brotliDecompressSync(br.bytes).toString()]).toEqual(['br', fromBuild]);
    const gz = await get(server.port, '/pre.js', 'GET', { 'Accept-Encoding': 'gzip' });
    expect([gz.headers['content-encoding'], gunzipSync(gz.bytes).toString()]).toEqual(['gzip', fromBuild]);
    expect((await get(server.port, '/pre.js')).body).toBe(BIG_JS);

    writeFileSync(join(renderer, 'stale.js'), BIG_JS);
    writeFileSync(join(renderer, 'stale.js.br'), brotliCompressSync(fromBuild));
    utimesSync(join(renderer, 'stale.js.br'), new Date(), new Date(Date.now() - 60_000));
    const stale = await get(server.port, '/stale.js', 'GET', { 'Accept-Encoding': 'br' });
    expect([stale.headers['content-encoding'], brotliDecompressSync(stale.bytes).toString()]).toEqual(['br', BIG_JS]);
  });

  it('leaves fonts and files that would not shrink uncompressed', async () => {
    const font = await get(server.port, '/big.woff2', 'GET', { 'Accept-Encoding': 'br, gzip' });
    expect([font.headers['content-encoding'], font.headers.vary, font.body]).toEqual([undefined, undefined, BIG_JS]);
    const tiny = await get(server.port, '/app.css', 'GET', { 'Accept-Encoding': 'br, gzip' });
    expect([tiny.headers['content-encoding'], tiny.body]).toEqual([undefined, 'body{}']);
  });

  it('says to run the build when the renderer is missing', async () => {
    const reply = await get(empty.port, '/');
    expect(reply.status).toBe(503);
    expect(reply.body).toContain('npm run build');
    expect((await get(empty.port, '/app.js')).status).toBe(404);
  });
});

describe('acceptedEncodings', () => {
  it('weighs br and gzip by q, with * standing for the unnamed', () => {
    expect(acceptedEncodings(undefined)).toEqual([]);
    expect(acceptedEncodings('gzip, deflate, br, zstd')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('gzip;q=1.0, br;q=0.5')).toEqual(['gzip', 'br']);
    expect(acceptedEncodings('br;q=0, gzip')).toEqual(['gzip']);
    expect(acceptedEncodings('*')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('*;q=0, GZIP')).toEqual(['gzip']);
    expect(acceptedEncodings('identity')).toEqual([]);
  });
});

describe('resolveRequestPath', () => {
  it('keeps every path inside the root', () => {
    expect(resolveRequestPath('/r', '/')).toBe('/r/index.html');
    expect(resolveRequestPath('/r', '/a/b.js?x=1')).toBe('/r/a/b.js');
    expect(resolveRequestPath('/r', '/a/../b.js')).toBe('/r/b.js');
    expect(resolveRequestPath('/r', '/..%2f..%2fetc/passwd')).toBeNull();
    // The URL parser already folds encoded dot segments, so this one lands on the root's index.
    expect(resolveRequestPath('/r', '/%2e%2e')).toBe('/r/index.html');
    expect(resolveRequestPath('/r', '/%')).toBeNull();
  });
});
