// The built Electron main (dist/main/app.cjs, built by the vitest global setup) under plain Node,
// with `electron` replaced by fake-electron.ts: the real fleet, real workers and the demo model,
// driven through the IPC transport exactly as the preload's bridge would; the page's loads go
// through the app:// handler the app registered, and its navigations through the app's guard.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEventSchema } from '../../src-shared/protocol/api';
import { IPC_BADGE_CHANNEL, IPC_EVENT_CHANNEL } from '../../src-shared/protocol/wire';
import type { ThreadSummary } from '../../src-shared/domain/thread';
import { waitFor } from '../server/test-support/ws-test-client';
import { makeRepo, startFakeElectronApp, type FakeElectronApp } from './test-support/fake-electron-app';
import { WINDOW_BACKGROUND } from './window-background';

const DIST = join(__dirname, '..', '..', 'dist');
const PAGE = 'app://flotilla/index.html';

/** The content-named bundle index.html loads (app-<hash>.js), from the last renderer build. */
function builtAsset(ext: 'js' | 'css'): string {
  const html = readFileSync(join(DIST, 'renderer', 'index.html'), 'utf8');
  const name = new RegExp(`\\./(app-\\w+\\.${ext})"`).exec(html)?.[1];
  if (!name) throw new Error(`dist/renderer/index.html loads no app-*.${ext}: run npm run build`);
  return name;
}

/** Every menu item's role, submenus included. */
function menuRoles(template: unknown): string[] {
  if (!Array.isArray(template)) return [];
  return template.flatMap((item: { role?: string; submenu?: unknown }) => [...(item.role ? [item.role] : []), ...menuRoles(item.submenu)]);
}

describe('dist/main/app.cjs with a fake electron', () => {
  let base: string;
  let repo: string;
  let app: FakeElectronApp;

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'flotilla-app-'));
    repo = makeRepo(base);
    app = startFakeElectronApp(base, repo, { darkOs: true });
  });
  afterAll(() => {
    if (app.process.exitCode === null) app.process.kill('SIGKILL');
    rmSync(base, { recursive: true, force: true });
  });

  it('opens a sandboxed window on app://flotilla/ (not file://), with the preload, a CSP and, unpackaged, DevTools', async () => {
    await waitFor(() => app.reports.some((r) => r.type === 'loadURL'), 30_000, 'the window to load');
    expect(app.reports.filter((r) => r.type === 'loadURL' || r.type === 'loadFile')).toEqual([{ type: 'loadURL', url: PAGE }]);
    expect(app.reports.find((r) => r.type === 'window')).toMatchObject({
      // The OS asks for dark colours here: the window is dark before the page paints.
      backgroundColor: WINDOW_BACKGROUND.dark,
      webPreferences: {
        preload: join(DIST, 'main', 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        devTools: true,
      },
    });
    expect(app.reports.find((r) => r.type === 'schemes')).toEqual({
      type: 'schemes',
      schemes: [{ scheme: 'app', privileges: { standard: true, secure: true, corsEnabled: true } }],
    });
    expect(app.reports.find((r) => r.type === 'protocolHandled')).toEqual({ type: 'protocolHandled', scheme: 'app' });
    const csp = app.reports.find((r) => r.type === 'csp');
    expect(csp?.type === 'csp' && csp.policy).toContain("script-src 'self'");
    const menu = app.reports.find((r) => r.type === 'menu');
    expect(menuRoles(menu?.type === 'menu' && menu.template)).toContain('toggleDevTools');
  });

  it('serves the built renderer through app:// with its content types and the CSP', async () => {
    for (const url of [PAGE, 'app://flotilla/']) {
      const page = await app.ask({ type: 'fetch', url });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toMatch(/default-src 'none'.*script-src 'self'/);
      expect(page.body).toBe(readFileSync(join(DIST, 'renderer', 'index.html'), 'utf8'));
    }
    const script = await app.ask({ type: 'fetch', url: `app://flotilla/${builtAsset('js')}` });
    expect([script.status, script.headers['content-type'], script.headers['x-content-type-options']]).toEqual([200, 'text/javascript; charset=utf-8', 'nosniff']);
    expect(script.body).toBe(readFileSync(join(DIST, 'renderer', builtAsset('js')), 'utf8'));
    const styles = await app.ask({ type: 'fetch', url: `app://flotilla/${builtAsset('css')}?v=1#x` });
    expect([styles.status, styles.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
    const head = await app.ask({ type: 'fetch', url: `app://flotilla/${builtAsset('js')}`, method: 'HEAD' });
    expect([head.status, head.body]).toEqual([200, '']);
  });

  it('refuses files outside dist/renderer, unknown paths, other hosts and other methods', async () => {
    const mainBundle = readFileSync(join(DIST, 'main', 'app.cjs'), 'utf8').slice(0, 200);
    const refused = [
      'app://flotilla/../main/app.cjs',
      'app://flotilla/..%2fmain%2fapp.cjs',
      'app://flotilla/%2e%2e%2fmain%2fapp.cjs',
      'app://flotilla/%2e%2e/main/app.cjs',
      'app://flotilla/renderer/..%2f..%2fmain/app.cjs',
      'app://flotilla/%2fetc%2fpasswd',
      'app://flotilla//etc/passwd',
      'app://flotilla/%00',
      'app://flotilla/%E0%A4%A',
      'app://flotilla/missing.js',
      'app://flotilla/assets',
      'app://evil/index.html',
      'app://flotilla.evil/app.js',
    ];
    for (const url of refused) {
      const reply = await app.ask({ type: 'fetch', url });
      expect([url, reply.status]).toEqual([url, 404]);
      expect(reply.body).not.toContain(mainBundle);
      expect(reply.body).not.toContain('root:');
    }
    expect((await app.ask({ type: 'fetch', url: PAGE, method: 'POST' })).status).toBe(405);
  });

  it('keeps the window on its page: other navigations refused, web links to the browser, window.open denied', async () => {
    const navigations = [
      [`${PAGE}#/threads/t1`, false],
      ['app://flotilla/other.html', true],
      [`${PAGE}?demoScript=/etc/passwd`, true],
      ['file:///etc/passwd', true],
      ['https://example.com/docs', true],
      ['javascript:alert(1)', true],
    ] as const;
    for (const [url, prevented] of navigations) {
      expect([url, (await app.ask({ type: 'navigate', url })).prevented]).toEqual([url, prevented]);
    }
    for (const url of ['https://example.com/new', 'file:///etc/passwd', PAGE]) {
      expect([url, (await app.ask({ type: 'windowOpen', url })).action]).toEqual([url, 'deny']);
    }
    await waitFor(() => app.reports.filter((r) => r.type === 'openExternal').length >= 2, 10_000, 'the web links to open');
    expect(app.reports.filter((r) => r.type === 'openExternal')).toEqual([
      { type: 'openExternal', url: 'https://example.com/docs' },
      { type: 'openExternal', url: 'https://example.com/new' },
    ]);
  });

  it('answers app.info over IPC with the --repo and the data dir', async () => {
    expect(await app.call('app.info', {})).toMatchObject({
      ok: true,
      value: { initialRepo: repo, demoMode: true, dataDir: join(base, 'home'), canPickFolder: true },
    });
  });

  it('manages remote hosts as serve --with-hosts does: none recorded, and one that cannot be reached refused with what to do', async () => {
    expect(await app.call('hosts.status', {})).toEqual({ ok: true, value: [] });
    // A key file that is not there: the hosts manager's answer, not the local fleet's hosts_unavailable.
    const added = await app.call('hosts.add', { name: 'far', destination: 'someone@127.0.0.1:1', identity: join(base, 'no-key') });
    expect(added).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('no such file') } });
    expect(await app.call('hosts.remove', { name: 'far' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('shows the count the page sends through the preload on the dock badge, and ignores what is not a count', async () => {
    const badges = () => app.reports.filter((r) => r.type === 'badge');
    app.send({ type: 'send', channel: IPC_BADGE_CHANNEL, args: [3] });
    await waitFor(() => badges().length === 1, 10_000, 'the badge');
    for (const bad of ['3', -1, 1.5, null]) app.send({ type: 'send', channel: IPC_BADGE_CHANNEL, args: [bad] });
    app.send({ type: 'send', channel: IPC_BADGE_CHANNEL, args: [0] });
    await waitFor(() => badges().length === 2, 10_000, 'the badge cleared');
    expect(badges()).toEqual([
      { type: 'badge', count: 3 },
      { type: 'badge', count: 0 },
    ]);
  });

  it('runs demo agents in "utility processes" and pushes their events to the window', async () => {
    const started = await app.call('task.run', { repoPath: repo, prompt: 'Add a note', agents: 2 });
    expect(started).toMatchObject({ ok: true });
    const latest = new Map<string, ThreadSummary>();
    const seen = { count: 0 };
    await waitFor(
      () => {
        for (const r of app.reports.slice(seen.count)) {
          if (r.type !== 'push' || r.channel !== IPC_EVENT_CHANNEL) continue;
          for (const thread of ClientEventSchema.parse(r.payload).threads) latest.set(thread.id, thread);
        }
        seen.count = app.reports.length;
        return latest.size === 2 && [...latest.values()].every((t) => t.status === 'done');
      },
      60_000,
      'both agents to finish',
    );
    const forks = app.reports.filter((r) => r.type === 'fork');
    expect(forks).toHaveLength(2);
    expect(forks[0]).toMatchObject({ entry: join(DIST, 'main', 'worker.cjs'), serviceName: expect.stringMatching(/^Flotilla agent /) });
  });

  it('stops the fleet and exits when the app quits, without asking when no agent runs', async () => {
    app.send({ type: 'quit' });
    expect(await app.exited).toBe(0);
    expect(app.reports.filter((r) => r.type === 'messageBox')).toEqual([]);
  });
});

describe('dist/main/app.cjs packaged', () => {
  let base: string;
  let app: FakeElectronApp;

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'flotilla-app-packaged-'));
    app = startFakeElectronApp(base, makeRepo(base), { packaged: true });
  });
  afterAll(() => {
    if (app.process.exitCode === null) app.process.kill('SIGKILL');
    rmSync(base, { recursive: true, force: true });
  });

  it('has no DevTools: none in the window and none in the menu', async () => {
    await waitFor(() => app.reports.some((r) => r.type === 'loadURL'), 30_000, 'the window to load');
    // A light OS (the default here): a light window, no dark flash before the page paints.
    expect(app.reports.find((r) => r.type === 'window')).toMatchObject({ webPreferences: { devTools: false }, backgroundColor: WINDOW_BACKGROUND.light });
    const menu = app.reports.find((r) => r.type === 'menu');
    const roles = menuRoles(menu?.type === 'menu' && menu.template);
    expect(roles).toEqual(expect.arrayContaining(['editMenu', 'reload', 'zoomIn']));
    expect(roles.filter((role) => role.toLowerCase().includes('devtools'))).toEqual([]);
    app.send({ type: 'quit' });
    expect(await app.exited).toBe(0);
  });

  it('refuses to start with a Chromium debugging port or pipe', async () => {
    for (const args of [['--remote-debugging-port=9222'], ['--remote-debugging-pipe']]) {
      const debugged = startFakeElectronApp(base, join(base, 'repo'), { packaged: true, args });
      expect([args, await debugged.exited]).toEqual([args, 1]);
      expect(debugged.reports.filter((r) => r.type === 'window' || r.type === 'fork')).toEqual([]);
    }
  });
});
