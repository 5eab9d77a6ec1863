// Builds every entry point with esbuild: the Electron main and preload, the agent worker, the
// CLI (which also hosts the headless server) and the renderer. `--only node|renderer` builds one half.
//
// The build is the production build: what `npm start`, `flotilla serve` and the packaged app run.
// The renderer gets React's production build (process.env.NODE_ENV is "production") and is
// minified. `--dev` builds React's development build, unminified, for its warnings and readable
// component stacks. The node bundles are never minified: their stack traces are what a user
// reports when something fails, and their size does not matter.
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
    target: 'node20',
    sourcemap: true,
    // Native and optional modules stay outside the bundle; electron is provided by the runtime.
    external: ['electron', 'node-pty', 'bufferutil', 'utf-8-validate'],
    logLevel: 'warning',
  });
}

async function buildRenderer() {
  mkdirSync(join(root, 'dist/renderer'), { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: { app: 'src-renderer/main.tsx' },
    outdir: 'dist/renderer',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'chrome120',
    jsx: 'automatic',
    sourcemap: true,
    minify: production,
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
    loader: { '.css': 'css' },
    logLevel: 'warning',
  });
  cpSync(join(root, 'src-renderer/index.html'), join(root, 'dist/renderer/index.html'));
}

const started = Date.now();
if (only !== 'renderer') await buildNode();
if (only !== 'node') await buildRenderer();
console.log(`built ${only ?? 'all'} (${production ? 'production' : 'development'}) in ${Date.now() - started} ms`);
