// The benches run Flotilla's real TypeScript under plain Node: each harness (a `bench/` file under
// src-main) is bundled next to node_modules, with native and optional modules left external.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles `entry` (relative to the repository) as `<name>.cjs`; returns the bundle's path. */
export async function bundleHarness(entry, name) {
  const { build } = await import('esbuild');
  const dir = join(root, 'node_modules', '.cache', 'flotilla-bench');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `${name}.cjs`);
  await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile,
    external: ['electron', 'node-pty', 'bufferutil', 'utf-8-validate', 'cpu-features', '*.node'],
    logLevel: 'warning',
  });
  return outfile;
}

/** Bundles `entry` and loads it. */
export async function loadHarness(entry, name) {
  return createRequire(import.meta.url)(await bundleHarness(entry, name));
}
