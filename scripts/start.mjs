// `npm start`: builds what is missing, then opens the desktop app. Where no Electron binary was
// installed (an offline `npm install` cannot download it), says so in one line and runs the
// headless server instead, opening its URL in a browser when there is a display.
// Arguments pass through: `npm start -- --repo ../my-project --demo`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const LISTENING = /Flotilla is listening on (http:\/\/\S+)/;
const BUILT = ['dist/main/app.cjs', 'dist/main/preload.cjs', 'dist/main/worker.cjs', 'dist/main/cli.cjs', 'dist/renderer/index.html'];

function ensureBuilt() {
  if (BUILT.every((file) => existsSync(join(root, file)))) return;
  const result = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The build failed; fix the errors above and run `npm start` again.');
    process.exit(result.status ?? 1);
  }
}

/**
 * The Electron executable, or null. Reads the electron package's path.txt instead of
 * require('electron'), which tries to download the binary when it is missing.
 */
function electronBinary() {
  let packageDir;
  try {
    packageDir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  const binary = join(distDir, relative);
  return existsSync(binary) ? binary : null;
}

/** Runs a child to its end, forwarding SIGTERM (Ctrl-C already reaches the whole process group). */
function runChild(command, childArgs, onStdout) {
  const child = spawn(command, childArgs, { cwd: root, stdio: ['inherit', onStdout ? 'pipe' : 'inherit', 'inherit'] });
  if (onStdout) {
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      onStdout(chunk.toString());
    });
  }
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('error', (error) => {
    console.error(`Could not start ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
}

function hasDisplay() {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Best effort: a missing opener or a failing browser must not stop the server. */
function openInBrowser(url) {
  if (!hasDisplay()) return;
  const [command, openerArgs] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const opener = spawn(command, openerArgs, { stdio: 'ignore', detached: true });
    opener.on('error', () => undefined);
    opener.unref();
  } catch {
    // Nothing to do: the URL is printed for the user to open.
  }
}

function startHeadless() {
  console.log('Electron is not installed on this machine (offline install?); starting the headless server instead.');
  let output = '';
  let opened = false;
  runChild(process.execPath, [join(root, 'dist/main/cli.cjs'), 'serve', ...args], (text) => {
    if (opened) return;
    output += text;
    const match = LISTENING.exec(output);
    if (!match) return;
    opened = true;
    openInBrowser(match[1]);
  });
}

ensureBuilt();
const binary = electronBinary();
if (binary) runChild(binary, [root, ...args]);
else startHeadless();
