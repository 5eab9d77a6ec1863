// Builds every entry point with esbuild: the Electron main and preload, the agent worker, the
// CLI (which also hosts the headless server) and the renderer. `--only node|renderer` builds one half.
//
// The build is the production build: what `npm start`, `flotilla serve` and the packaged app run.
// The renderer gets React's production build (process.env.NODE_ENV is "production") and is
// minified. `--dev` builds React's development build, unminified, for its warnings and readable
// component stacks. The node bundles are never minified: their stack traces are what a user
// reports when something fails, and their size does not matter.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const production = !process.argv.includes('--dev');

const nodeEntries = {
  cli: 'src-main/cli/main.ts',
  worker: 'src-main/agent/worker-main.ts',
  app: 'src-main/app/main.ts',
  preload: 'src-main/app/preload.ts',
};

async function buildNode() {
  await build({
    absWorkingDir: root,
    entryPoints: nodeEntries,
    outdir: 'dist/main',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    sourcemap: true,
    // Native and optional modules stay outside the bundle; electron is provided by the runtime.
    external: ['electron', 'node-pty', 'bufferutil', 'utf-8-validate'],
    logLevel: 'warning',
  });
}

/**
 * zod's `z` namespace carries `z.locales`, every language's error messages (a third of the
 * renderer bundle, 250 KB), and a namespace cannot be tree-shaken. The renderer shows only the
 * English messages zod uses by default, so its build sees a locales module holding English alone.
 */
const englishOnlyZodLocales = {
  name: 'english-only-zod-locales',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/** What the renderer's builds share. */
const rendererOptions = () => ({
  absWorkingDir: root,
  outdir: 'dist/renderer',
  entryNames: '[name]-[hash]',
  metafile: true,
  bundle: true,
  platform: 'browser',
  target: 'chrome120',
  sourcemap: true,
  minify: production,
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  logLevel: 'warning',
});

/**
 * index.html's small classic scripts, run before the bundle: the theme (before first paint) and
 * the early WebSocket (its handshake overlaps the bundle's download). Each is its own IIFE, so
 * their minified names do not meet in the page's global scope.
 */
const bootEntries = { 'theme-boot': 'src-renderer/theme-boot.ts', 'early-socket': 'src-renderer/transport/early-socket.ts' };

/**
 * The renderer's scripts and styles are named by their content (app-<hash>.js), and index.html is
 * written to load those names: the headless server can then let browsers cache them for good and
 * revalidate only index.html. The folder is emptied first so no stale bundle lingers beside it.
 */
async function buildRenderer() {
  const outdir = join(root, 'dist/renderer');
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const [app, boot] = await Promise.all([
    build({
      ...rendererOptions(),
      entryPoints: { app: 'src-renderer/main.tsx' },
      format: 'esm',
      // Views loaded on demand (the Terminal's xterm.js) become chunks of their own.
      splitting: true,
      chunkNames: 'chunk-[hash]',
      jsx: 'automatic',
      loader: { '.css': 'css' },
      plugins: [englishOnlyZodLocales],
    }),
    build({ ...rendererOptions(), entryPoints: bootEntries, format: 'iife' }),
  ]);
  const outputs = [app, boot].flatMap((result) => Object.keys(result.metafile.outputs)).map((file) => basename(file));
  let html = readFileSync(join(root, 'src-renderer/index.html'), 'utf8');
  const loaded = [['app', 'js'], ['app', 'css'], ...Object.keys(bootEntries).map((entry) => [entry, 'js'])];
  for (const [entry, ext] of loaded) {
    const reference = `./${entry}.${ext}`;
    const built = outputs.find((name) => name.startsWith(`${entry}-`) && name.endsWith(`.${ext}`));
    if (!built || !html.includes(reference)) throw new Error(`src-renderer/index.html must load ${reference} (built: ${built ?? 'nothing'})`);
    html = html.replaceAll(reference, `./${built}`);
  }
  writeFileSync(join(outdir, 'index.html'), preloadStartupChunks(html, app.metafile));
  if (production) await precompress(outdir, ['index.html', ...outputs.filter((name) => /\.(js|css)$/.test(name))]);
}

/**
 * The chunks the app imports statically (code shared with views loaded on demand) are fetched
 * with the app, not after it has been parsed: each gets a modulepreload beside the app's.
 */
function preloadStartupChunks(html, metafile) {
  const entry = Object.values(metafile.outputs).find((output) => output.entryPoint === 'src-renderer/main.tsx');
  const chunks = (entry?.imports ?? []).filter((i) => i.kind === 'import-statement').map((i) => basename(i.path));
  const links = chunks.map((chunk) => `    <link rel="modulepreload" href="./${chunk}" />\n`).join('');
  return html.replace(/^(\s*<link rel="modulepreload" href="\.\/app-[^"]+" \/>\n)/m, `$1${links}`);
}

/**
 * Writes each file's brotli and gzip forms beside it (app-<hash>.js.br, .js.gz), which the
 * headless server sends as they are (src-main/server/static-file-cache.ts): the first visit after
 * `serve` starts would otherwise wait while the server compresses 0.8 MB. Brotli quality 9, as
 * the server would: 11 saves 14 KB (8%) of the bundle but adds 2 to 4 s to every build.
 * A form that is not smaller is not written. Source maps are left to the server.
 */
async function precompress(outdir, names) {
  const encoders = {
    br: (raw) => promisify(brotliCompress)(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
    gz: (raw) => promisify(gzip)(raw, { level: 9 }),
  };
  const jobs = names.flatMap((name) => {
    const raw = readFileSync(join(outdir, name));
    return Object.entries(encoders).map(async ([suffix, encode]) => {
      const encoded = await encode(raw);
      if (encoded.length < raw.length) writeFileSync(join(outdir, `${name}.${suffix}`), encoded);
    });
  });
  await Promise.all(jobs);
}

const started = Date.now();
if (only !== 'renderer') await buildNode();
if (only !== 'node') await buildRenderer();
console.log(`built ${only ?? 'all'} (${production ? 'production' : 'development'}) in ${Date.now() - started} ms`);
