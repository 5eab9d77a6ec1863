// `npm run package:check`: proves the desktop app packages correctly, offline. Validates
// electron-builder.yml against electron-builder's schema, packages the unpacked Linux app
// (`--dir`) with a stub Electron distribution (no download: this machine has no Electron binary
// and no network), then checks the layout: app.asar holds the bundles and the renderer, and
// node-pty's native module sits unpacked next to it where Electron can load it. The stub binary
// carries Electron's fuse wire (the sentinel, version and default states, as Electron's build writes
// it), so electron-builder's own fuse step really flips it and the check reads the bits back.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const checked = [];

class CheckFailed extends Error {}
function check(condition, what, hint = '') {
  if (!condition) throw new CheckFailed(`expected: ${what}${hint ? `\n  ${hint}` : ''}`);
  checked.push(what);
}

const BUILT = ['dist/main/app.cjs', 'dist/main/preload.cjs', 'dist/main/worker.cjs', 'dist/main/cli.cjs', 'dist/renderer/index.html'];

function ensureBuilt() {
  if (BUILT.every((file) => existsSync(join(root, file)))) return;
  console.log('package check: dist/ is incomplete; running the build first');
  const result = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  check(result.status === 0, 'the build succeeds', 'Run `npm run build` and fix its errors.');
  for (const file of BUILT) check(existsSync(join(root, file)), `the build produced ${file}`);
}

async function checkConfig() {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
  const { DebugLogger } = require('builder-util');
  const config = await getConfig(root, null, null);
  await validateConfiguration(config, new DebugLogger(false));
  checked.push("electron-builder.yml matches electron-builder's schema");
  check(config.appId === 'dev.flotilla.app' && config.productName === 'Flotilla', 'appId dev.flotilla.app, productName Flotilla');
  check([config.asarUnpack].flat().includes('node_modules/node-pty/**'), 'node-pty is unpacked from the asar');
  const targets = (platform) => [config[platform]?.target].flat().map((t) => (typeof t === 'string' ? t : t?.target));
  check(['AppImage', 'deb'].every((t) => targets('linux').includes(t)), 'Linux targets AppImage and deb');
  check(targets('mac').includes('dmg') && targets('win').includes('nsis'), 'macOS dmg and Windows nsis targets');
  check(config.linux?.maintainer && config.linux?.category === 'Development', 'deb maintainer and Linux category are set');
  check(config.mac?.category === 'public.app-category.developer-tools', 'macOS category is developer tools');
  for (const icon of [config.linux?.icon, config.mac?.icon, config.win?.icon]) {
    check(typeof icon === 'string' && existsSync(join(root, icon)), `icon ${icon} exists`, 'Run `node scripts/make-icons.mjs`.');
  }
  check(
    Object.entries(EXPECTED_FUSES).every(([name, value]) => config.electronFuses?.[name] === value),
    `electronFuses in electron-builder.yml: ${Object.entries(EXPECTED_FUSES).map(([n, v]) => `${n} ${v}`).join(', ')}`,
  );
  const png = readFileSync(join(root, config.linux.icon));
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  check(png.subarray(1, 4).toString() === 'PNG' && width === height && width >= 512, `${config.linux.icon} is a square PNG of at least 512 px (${width}×${height})`);
}

/** The fuses the shipped binary must have, by electron-builder's option names. */
const EXPECTED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
};
/** Position of each on the V1 fuse wire (@electron/fuses' FuseV1Options). */
const FUSE_INDEX = {
  runAsNode: 0,
  enableCookieEncryption: 1,
  enableNodeOptionsEnvironmentVariable: 2,
  enableNodeCliInspectArguments: 3,
  enableEmbeddedAsarIntegrityValidation: 4,
  onlyLoadAppFromAsar: 5,
  loadBrowserProcessSpecificV8Snapshot: 6,
  grantFileProtocolExtraPrivileges: 7,
};
/**
 * Electron's fuse wire as its build embeds it (build/fuses/build.py): the sentinel, the wire
 * version (1), the number of fuses, then one '0'/'1' per fuse, here with Electron's documented
 * defaults (run as node, NODE_OPTIONS, --inspect and file:// privileges on; the rest off).
 */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const DEFAULT_FUSE_WIRE = '10110001';

/** An unpacked "Electron" with nothing but what electron-builder copies, renames and fuses. */
function stubElectronDist(dir) {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const script = '#!/bin/sh\necho "stub Electron for the package check" >&2\nexit 1\n';
  const wire = Buffer.concat([Buffer.from(`# ${FUSE_SENTINEL}`), Buffer.from([1, DEFAULT_FUSE_WIRE.length]), Buffer.from(`${DEFAULT_FUSE_WIRE}\n`)]);
  writeFileSync(join(dir, 'electron'), Buffer.concat([Buffer.from(script), wire]));
  chmodSync(join(dir, 'electron'), 0o755);
  const version = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  writeFileSync(join(dir, 'version'), version);
  writeFileSync(join(dir, 'LICENSE'), 'Stub Electron distribution for scripts/package-check.mjs.\n');
  return version;
}

async function packageApp(work) {
  const { build, Platform } = require('electron-builder');
  const electronDist = join(work, 'electron-dist');
  const output = join(work, 'out');
  const electronVersion = stubElectronDist(electronDist);
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir'),
    config: { electronDist, electronVersion, directories: { output }, publish: null },
  });
  const unpacked = readdirSync(output).find((name) => name.startsWith('linux') && name.endsWith('unpacked'));
  check(unpacked !== undefined, `electron-builder produced an unpacked Linux app (Electron ${electronVersion}, stub)`);
  return join(output, unpacked);
}

/** Reads the fuse wire back from the packaged executable: electron-builder must have flipped it. */
async function checkFuses(appDir) {
  const { getCurrentFuseWire } = createRequire(require.resolve('app-builder-lib/package.json'))('@electron/fuses');
  const wire = await getCurrentFuseWire(join(appDir, 'flotilla'));
  const ON = '1'.charCodeAt(0);
  const OFF = '0'.charCodeAt(0);
  for (const [name, value] of Object.entries(EXPECTED_FUSES)) {
    const state = wire[FUSE_INDEX[name]];
    check(state === (value ? ON : OFF), `the packaged flotilla binary has fuse ${name} ${value ? 'on' : 'off'}`, `read back ${String.fromCharCode(state)}`);
  }
  check(wire[FUSE_INDEX.loadBrowserProcessSpecificV8Snapshot] === OFF, 'fuses not configured keep their Electron default (V8 snapshot fuse off)');
}

function checkLayout(appDir) {
  const asar = createRequire(require.resolve('app-builder-lib/package.json'))('@electron/asar');
  check(existsSync(join(appDir, 'flotilla')), 'the executable is named flotilla');
  const archive = join(appDir, 'resources', 'app.asar');
  check(existsSync(archive), 'resources/app.asar exists');
  const files = new Set(asar.listPackage(archive).map((f) => f.replaceAll('\\', '/')));
  for (const file of ['dist/main/app.cjs', 'dist/main/preload.cjs', 'dist/main/worker.cjs', 'dist/renderer/index.html']) {
    check(files.has(`/${file}`), `app.asar contains ${file}`);
  }
  // React DOM's development build checks element nesting; its production build has no such code.
  const script = [...files].find((file) => /^\/dist\/renderer\/app-\w+\.js$/.test(file));
  check(script !== undefined, 'app.asar contains the renderer bundle, dist/renderer/app-<hash>.js');
  const renderer = asar.extractFile(archive, script.slice(1)).toString();
  check(!renderer.includes('validateDOMNesting'), `the packaged renderer is React's production build (${(renderer.length / 1e6).toFixed(2)} MB)`, 'Build with `npm run build`, not `--dev`.');
  const manifest = JSON.parse(asar.extractFile(archive, 'package.json').toString());
  check(manifest.main === 'dist/main/app.cjs', 'the packaged package.json starts dist/main/app.cjs');
  // What asar integrity validation reads: a hash per packed file in the header (Electron checks the
  // header against the hash embedded at packaging, then each file's blocks as it reads them).
  // Unpacked files are marked so and read from app.asar.unpacked, outside that check.
  const entries = flattenHeader(asar.getRawHeader(archive).header);
  const packed = entries.filter(([, entry]) => !entry.unpacked);
  check(packed.length > 0 && packed.every(([, entry]) => entry.integrity?.algorithm === 'SHA256'), `every packed file in app.asar has a SHA256 integrity record (${packed.length} files)`);
  const ptyEntry = entries.find(([path]) => path === '/node_modules/node-pty/build/Release/pty.node');
  check(ptyEntry?.[1].unpacked === true, 'app.asar marks node-pty/build/Release/pty.node as unpacked');
  const pty = join(appDir, 'resources', 'app.asar.unpacked', 'node_modules', 'node-pty', 'build', 'Release', 'pty.node');
  check(existsSync(pty), 'resources/app.asar.unpacked/node_modules/node-pty/build/Release/pty.node exists');
}

/** [path, file entry] for every file in an asar header. */
function flattenHeader(node, prefix = '') {
  if (!node.files) return [[prefix, node]];
  return Object.entries(node.files).flatMap(([name, child]) => flattenHeader(child, `${prefix}/${name}`));
}

const work = mkdtempSync(join(tmpdir(), 'flotilla-package-check-'));
try {
  ensureBuilt();
  await checkConfig();
  const appDir = await packageApp(work);
  checkLayout(appDir);
  await checkFuses(appDir);
  console.log(`\npackage check passed:\n${checked.map((c) => `  ✓ ${c}`).join('\n')}`);
} catch (error) {
  const message = error instanceof CheckFailed ? error.message : error?.stack ?? String(error);
  console.error(`\npackage check FAILED: ${message}`);
  if (checked.length > 0) console.error(`(passed before that:\n${checked.map((c) => `  ✓ ${c}`).join('\n')})`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
