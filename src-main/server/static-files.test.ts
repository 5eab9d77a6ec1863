import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeFleet } from './fake-fleet';
import { startServer, type RunningServer } from './server';
import { resolveRequestPath } from './static-files';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: the path goes on the wire exactly as given (fetch would normalize it). */
function get(port: number, path: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files', () => {
  let base: string;
  let server: RunningServer;
  let empty: RunningServer;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'flotilla-static-'));
    const renderer = join(base, 'renderer');
    mkdirSync(join(renderer, 'fonts'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Flotilla</title>');
    writeFileSync(join(renderer, 'app.js'), 'console.log(1)');
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

  it('says to run the build when the renderer is missing', async () => {
    const reply = await get(empty.port, '/');
    expect(reply.status).toBe(503);
    expect(reply.body).toContain('npm run build');
    expect((await get(empty.port, '/app.js')).status).toBe(404);
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
