import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveAppRequest } from './app-protocol';

describe('serveAppRequest', () => {
  let base: string;
  let root: string;
  const get = (url: string, method = 'GET') => serveAppRequest(root, new Request(url, { method }));

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'flotilla-app-protocol-'));
    root = join(base, 'renderer');
    mkdirSync(join(root, 'fonts'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Flotilla</title>');
    writeFileSync(join(root, 'fonts', 'a.woff2'), 'font');
    writeFileSync(join(root, 'logo.svg'), '<svg/>');
    writeFileSync(join(base, 'secret.txt'), 'secret');
    symlinkSync(join(base, 'secret.txt'), join(root, 'link.txt'));
    symlinkSync(base, join(root, 'up'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('gives each file its content type, and the page its CSP', async () => {
    const page = await get('app://flotilla/index.html');
    expect([page.status, page.headers.get('content-type'), await page.text()]).toEqual([200, 'text/html; charset=utf-8', '<!doctype html><title>Flotilla</title>']);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const font = await get('app://flotilla/fonts/a.woff2');
    expect([font.headers.get('content-type'), font.headers.get('content-security-policy')]).toEqual(['font/woff2', null]);
    expect((await get('app://flotilla/logo.svg')).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('refuses symlinks out of the directory, directories, other schemes and hosts', async () => {
    for (const url of ['app://flotilla/link.txt', 'app://flotilla/up/secret.txt', 'app://flotilla/fonts', 'app://other/index.html', 'file:///index.html']) {
      const reply = await get(url);
      expect([url, reply.status]).toEqual([url, 404]);
      expect(await reply.text()).not.toContain('secret');
    }
    expect((await get('app://flotilla/index.html', 'PUT')).status).toBe(405);
  });
});
