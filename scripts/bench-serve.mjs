// `npm run bench` part (`--serve-only` runs only this): how long `flotilla serve` takes to give a
// browser an interactive dashboard, against static pages of the same size served by the same
// static file handler (src-main/server/static-files.ts), all measured in this run. Each round
// starts every server afresh and opens each page in a fresh browser context (nothing cached: a
// user's first visit), the pages in an order rotated each round; figures are medians. Also prints
// the renderer bundle's size as shipped (raw, gzip, brotli).
//
// Pages: `serve` (ready when app.info is answered, so the provider label shows, and the
// repository picker is rendered); `serve --repo` (also repo.open answered: the repository's name
// and the task form show); the static page with a script of the bundle's size that is parsed but
// not run (the target's baseline), one whose script is a comment (the bytes alone), and one whose
// script is React alone rendering one element (the floor under any React page). A static page is
// ready when its script ran. All are timed in the page from the start of navigation
// (performance.now()) by a MutationObserver installed before the page's own scripts. Navigation
// starts once `serve` has printed its start-up lines (its URL, then the sandbox's status).
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium-args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rendererDir = join(root, 'dist/renderer');
const LISTENING = /(?:Flotilla is listening on|static server on) (http:\/\/\S+)/;
/**
 * `serve`'s last start-up line, the sandbox's status (stderr), printed once the sandbox probe is
 * done: a user opens the URL after it, and app.info would otherwise wait for that probe.
 */
const SERVE_SETTLED = /^(Agents run in|No sandbox works here)/m;
const TARGET_RATIO = 1.5;

/** `serve`: app.info answered (the provider label shows) and the repository picker rendered. */
const DASHBOARD_READY = ['[data-testid="provider-label"]', '[data-testid="repo-path-input"]'];
/** `serve --repo`: also repo.open answered (the repository's name shows) and the task form rendered. */
const REPO_DASHBOARD_READY = ['[data-testid="provider-label"]', '[data-testid="repo-name"]', '[data-testid="task-prompt"]'];
const STATIC_READY = ['#static-ready'];
/** The app's first render, with or without an answer from the server. */
const FIRST_RENDER = ['.app'];
/** app.info's answer shown (the provider label). */
const APP_INFO_SHOWN = ['[data-testid="provider-label"]'];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function builtFiles() {
  const names = readdirSync(rendererDir);
  const find = (ext) => {
    const name = names.find((n) => /^app-[A-Z0-9]{8}\./.test(n) && n.endsWith(ext));
    if (!name) throw new Error(`dist/renderer has no app-*${ext}: run npm run build`);
    return name;
  };
  const js = find('.js');
  // The chunks index.html preloads beside the app (code shared with views loaded on demand): the
  // first screen loads them too, so the baselines carry their bytes as well.
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  const chunks = [...html.matchAll(/<link rel="modulepreload" href="\.\/([^"]+\.js)" \/>/g)].map((m) => m[1]).filter((name) => name !== js);
  return { js, css: find('.css'), chunks };
}

/** The bundle as it goes over the wire: raw, gzip -9, and brotli at the server's and at the top quality. */
function printBundleSize(files) {
  console.log('\nRenderer bundle (production build, dist/renderer):');
  for (const name of [files.js, ...files.chunks, files.css, 'index.html']) {
    const raw = readFileSync(join(rendererDir, name));
    const brotli = (quality) => brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: quality } }).length;
    console.log(
      `  ${name.padEnd(20)} raw ${kb(raw.length).padStart(10)}   gzip ${kb(gzipSync(raw, { level: 9 }).length).padStart(9)}   brotli q9 ${kb(brotli(9)).padStart(9)}, q11 ${kb(brotli(11)).padStart(9)}`,
    );
  }
}

/**
 * The baselines, served from one folder: index.html, the real stylesheet, and a script of the
 * bundle's size that only marks the page ready. In `index.html` the script holds the bundle in a
 * function never called, so the browser downloads and parses as much JavaScript as the dashboard's
 * but runs none of it; in `bytes.html` the bundle is a comment, so only its bytes count;
 * `react.html` runs React alone (reactAloneScript). The build's precompressed siblings are made
 * for them too, so all are served the same way.
 */
async function makeStaticSite(files) {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-bench-static-'));
  // The app and its startup chunks as one text. Their static import and export declarations (the
  // only syntax a function body may not hold) go: the text is parsed, never run.
  const bundle = [files.js, ...files.chunks]
    .map((name) => readFileSync(join(rendererDir, name), 'utf8'))
    .join('\n')
    .replace(/import\s*(?:\{[^}]*\}\s*from\s*)?"\.\/chunk-[^"]+";?/g, '')
    .replace(/export\s*\{[^}]*\};?/g, '');
  const markReady = "document.getElementById('root').innerHTML = '<p id=\"static-ready\">ready</p>';\n";
  const pages = {
    'index.html': `async function neverCalled() {\n${bundle}\n}\n${markReady}`,
    'bytes.html': `/*${bundle.replaceAll('*/', '* /')}*/\n${markReady}`,
    'react.html': await reactAloneScript(),
  };
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  const css = 'app-STATIC00.css';
  copyFileSync(join(rendererDir, files.css), join(dir, css));
  const names = [css];
  Object.entries(pages).forEach(([page, script], i) => {
    const js = `app-STATIC0${i + 1}.js`;
    writeFileSync(join(dir, js), script);
    const withoutChunks = files.chunks.reduce((text, chunk) => text.replace(new RegExp(`\\s*<link rel="modulepreload" href="\\./${chunk}" />`), ''), html);
    writeFileSync(join(dir, page), withoutChunks.replaceAll(files.js, js).replaceAll(files.css, css));
    names.push(js, page);
  });
  if (readdirSync(rendererDir).some((name) => name.endsWith('.br'))) {
    for (const name of names) {
      const raw = readFileSync(join(dir, name));
      writeFileSync(join(dir, `${name}.br`), brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }));
      writeFileSync(join(dir, `${name}.gz`), gzipSync(raw, { level: 9 }));
    }
  }
  return dir;
}

/**
 * The floor under any React page: React's production build, minified as the app is, rendering
 * one element (the ready mark). What it costs over its parse is what no change to our own code
 * can remove while the UI is React.
 */
async function reactAloneScript() {
  const { build } = await import('esbuild');
  const result = await build({
    stdin: {
      contents: `import { createRoot } from 'react-dom/client';
        import { jsx } from 'react/jsx-runtime';
        createRoot(document.getElementById('root')).render(jsx('p', { id: 'static-ready', children: 'ready' }));`,
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

/** A node script serving a folder with the headless server's own static handler, bundled from source. */
async function buildStaticServer() {
  const { build } = await import('esbuild');
  const outfile = join(root, 'node_modules', '.cache', 'flotilla-bench', 'serve-static-server.cjs');
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    stdin: {
      contents: `
        import { createServer } from 'node:http';
        import { createStaticHandler } from './src-main/server/static-files';
        const server = createServer(createStaticHandler(process.argv[2]));
        server.listen(0, '127.0.0.1', () => console.log('static server on http://127.0.0.1:' + server.address().port + '/'));
        process.on('SIGTERM', () => process.exit(0));`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/** Spawns a server and resolves with the URL it prints (and, when given, once `settled` shows), and a stop function. */
function startServer(args, env, settled = null) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match && (!settled || settled.test(output))) {
        const exited = new Promise((done) => child.once('exit', done));
        resolve({ url: match[1], stop: () => (child.exitCode === null && child.kill('SIGTERM'), exited) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before listening:\n${output}`)));
  });
}

function makeRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-bench-serve-repo-'));
  const git = (...args) => execFileSync('git', args, { cwd: dir });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README.md'), '# Bench\n');
  git('add', '-A');
  git('-c', 'user.email=bench@flotilla.test', '-c', 'user.name=Bench', 'commit', '-q', '-m', 'init');
  return dir;
}

/**
 * Opens url in a fresh context and returns, in ms from the start of navigation: when the page's
 * script had arrived, when FIRST_RENDER's and APP_INFO_SHOWN's elements first existed (null if
 * never), and when ready's did (all selectors matching).
 */
async function timeToReady(browser, url, ready) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(([readySelectors, renderSelectors, appInfoSelectors]) => {
      const all = (selectors) => selectors.every((selector) => document.querySelector(selector) !== null);
      const observer = new MutationObserver(() => {
        window.__renderedAt ??= all(renderSelectors) ? performance.now() : undefined;
        window.__appInfoAt ??= all(appInfoSelectors) ? performance.now() : undefined;
        if (!all(readySelectors)) return;
        window.__readyAt = performance.now();
        observer.disconnect();
      });
      observer.observe(document, { childList: true, subtree: true, attributes: true });
    }, [ready, FIRST_RENDER, APP_INFO_SHOWN]);
    await page.goto(url);
    await page.waitForFunction(() => window.__readyAt !== undefined, undefined, { timeout: 60_000 });
    return await page.evaluate(() => ({
      script: performance.getEntriesByType('resource').find((entry) => /\/app-[^/]+\.js$/.test(entry.name))?.responseEnd ?? null,
      rendered: window.__renderedAt ?? null,
      appInfo: window.__appInfoAt ?? null,
      ready: window.__readyAt,
    }));
  } finally {
    await context.close();
  }
}

async function timeDashboard(browser, repo) {
  const home = mkdtempSync(join(tmpdir(), 'flotilla-bench-serve-home-'));
  const args = [join(root, 'dist/main/cli.cjs'), 'serve', '--demo', ...(repo ? ['--repo', repo] : [])];
  const server = await startServer(args, { FLOTILLA_HOME: home }, SERVE_SETTLED);
  try {
    return await timeToReady(browser, server.url, repo ? REPO_DASHBOARD_READY : DASHBOARD_READY);
  } finally {
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

async function timeStatic(browser, staticServer, site, page) {
  const server = await startServer([staticServer, site], {});
  try {
    return await timeToReady(browser, new URL(page, server.url).href, STATIC_READY);
  } finally {
    await server.stop();
  }
}

export async function serveBench({ rounds = Math.max(7, 2 * Number(process.env.BENCH_RUNS ?? 3) + 1) } = {}) {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  const files = builtFiles();
  printBundleSize(files);
  const site = await makeStaticSite(files);
  const repo = makeRepo();
  const staticServer = await buildStaticServer();
  const { chromium } = createRequire(import.meta.url)('@playwright/test');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const kinds = {
    bytes: { label: 'static page, a same-size script that is a comment', measure: () => timeStatic(browser, staticServer, site, 'bytes.html') },
    script: { label: 'static page, a same-size script parsed, not run', measure: () => timeStatic(browser, staticServer, site, 'index.html') },
    react: { label: 'static page whose script is React alone, one element', measure: () => timeStatic(browser, staticServer, site, 'react.html') },
    dashboard: { label: 'flotilla serve: picker shown, app.info answered', measure: () => timeDashboard(browser, null) },
    repoDashboard: { label: 'flotilla serve --repo: also repo.open answered', measure: () => timeDashboard(browser, repo) },
  };
  const times = Object.fromEntries(Object.keys(kinds).map((kind) => [kind, []]));
  try {
    // One unrecorded pass of each, so the first recorded round does not also pay for cold disk
    // caches and Chromium's own start-up.
    for (const kind of Object.values(kinds)) await kind.measure();
    const order = Object.keys(kinds);
    for (let round = 0; round < rounds; round += 1) {
      // Rotated each round, so no page is always the one measured first.
      for (let i = 0; i < order.length; i += 1) {
        const kind = order[(round + i) % order.length];
        times[kind].push(await kinds[kind].measure());
      }
    }
  } finally {
    await browser.close();
    rmSync(site, { recursive: true, force: true });
    rmSync(repo, { recursive: true, force: true });
  }
  const readyTimes = Object.fromEntries(Object.entries(times).map(([kind, runs]) => [kind, runs.map((run) => run.ready)]));
  const medians = Object.fromEntries(Object.entries(readyTimes).map(([kind, ms]) => [kind, median(ms)]));
  const ratio = medians.dashboard / medians.script;
  const list = (values) => values.map((v) => v.toFixed(0)).join(', ');
  const phase = (kind, name) => {
    const values = times[kind].map((run) => run[name]).filter((v) => v !== null);
    return values.length ? `${median(values).toFixed(0)} ms` : '-';
  };
  console.log(`\nServe to interactive dashboard in Chromium, first visit (fresh server, empty cache), median of ${rounds} interleaved rounds:`);
  for (const [kind, { label }] of Object.entries(kinds)) {
    console.log(`  ${label.padEnd(52)} ${medians[kind].toFixed(0).padStart(5)} ms   (${list(readyTimes[kind])})`);
    console.log(`  ${''.padEnd(52)}   script in ${phase(kind, 'script')}, first render ${phase(kind, 'rendered')}, app.info shown ${phase(kind, 'appInfo')}`);
  }
  // Also the median of each round's own ratio: the pages of one round ran seconds apart, on
  // the same state of the machine.
  const paired = (kind, base) => median(readyTimes[kind].map((ms, round) => ms / readyTimes[base][round])).toFixed(2);
  const against = (kind) =>
    `${(medians[kind] / medians.script).toFixed(2)}x the same-size page (per round ${paired(kind, 'script')}x), ${(medians[kind] / medians.bytes).toFixed(2)}x the bytes alone (per round ${paired(kind, 'bytes')}x)`;
  console.log(`  serve: ${against('dashboard')} (target <= ${TARGET_RATIO}x the same-size page)`);
  console.log(`  serve --repo: ${against('repoDashboard')}`);
  console.log(`  React alone: ${against('react')}`);
  return { ...medians, ratio };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await serveBench();
