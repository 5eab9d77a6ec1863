/**
 * What `flotilla serve` needs on a remote that has no internet and no npm: the built CLI and
 * worker (every JavaScript dependency is bundled into them by scripts/build.mjs), the built
 * renderer (for a browser through a tunnel), a package.json for the version, and node-pty, the
 * one native module, carried as built here: its JavaScript and its compiled pty.node. node-pty is
 * a Node-API addon, so one build serves every Node version, but only on this platform and
 * architecture (and libc): the check refuses a remote that differs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface BundleFile {
  /** Absolute path here. */
  local: string;
  /** Path inside the install directory, with forward slashes. */
  remote: string;
}

export interface ServerBundle {
  version: string;
  /** `<version>-<hash>`: a rebuild of the same version is another install, so it upgrades too. */
  installId: string;
  files: BundleFile[];
  /** The Node versions the bundle supports (package.json engines.node). */
  nodeRange: string;
  platform: NodeJS.Platform;
  arch: string;
}

/** `bundleDir` is dist/main of this installation; node-pty is resolved from beside it. */
export function serverBundle(bundleDir: string): ServerBundle {
  const root = join(bundleDir, '..', '..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; engines?: { node?: string } };
  const files: BundleFile[] = [
    { local: join(root, 'package.json'), remote: 'package.json' },
    { local: join(bundleDir, 'cli.cjs'), remote: 'dist/main/cli.cjs' },
    { local: join(bundleDir, 'worker.cjs'), remote: 'dist/main/worker.cjs' },
    ...walk(join(bundleDir, '..', 'renderer'), 'dist/renderer', (name) => !name.endsWith('.map')),
    ...nodePtyFiles(join(root, 'node_modules', 'node-pty')),
  ];
  for (const file of files) {
    if (!existsSync(file.local)) throw new Error(`The server bundle lacks ${file.local}; run \`npm run build\` first.`);
  }
  return {
    version: pkg.version,
    installId: `${pkg.version}-${contentHash(files)}`,
    files,
    nodeRange: pkg.engines?.node ?? '>=22',
    platform: process.platform,
    arch: process.arch,
  };
}

function nodePtyFiles(dir: string): BundleFile[] {
  const js = (name: string) => name.endsWith('.js') && !name.endsWith('.test.js');
  const release = join(dir, 'build', 'Release');
  return [
    { local: join(dir, 'package.json'), remote: 'node_modules/node-pty/package.json' },
    ...walk(join(dir, 'lib'), 'node_modules/node-pty/lib', js),
    // pty.node, and spawn-helper on macOS.
    ...walk(release, 'node_modules/node-pty/build/Release', (name) => name === 'pty.node' || name === 'spawn-helper'),
  ];
}

function walk(dir: string, remoteDir: string, keep: (name: string) => boolean): BundleFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .filter((name) => keep(name) && statSync(join(dir, name)).isFile())
    .map((name) => ({ local: join(dir, name), remote: `${remoteDir}/${relative(dir, join(dir, name)).split('\\').join('/')}` }));
}

function contentHash(files: BundleFile[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.remote).update('\0').update(readFileSync(file.local));
  return hash.digest('hex').slice(0, 12);
}
