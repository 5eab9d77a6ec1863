import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ELECTRON_DIR = join(__dirname, '..', '..', 'node_modules', 'electron');

/**
 * The Electron binary's path, or null with the reason it is missing. Reads the package's own
 * files instead of require('electron'), which would try to download the binary.
 */
export function findElectronBinary(): { path: string } | { path: null; reason: string } {
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  if (!existsSync(pathFile)) {
    return { path: null, reason: 'no Electron binary is installed (installed with ELECTRON_SKIP_BINARY_DOWNLOAD or offline)' };
  }
  const binary = join(ELECTRON_DIR, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { path: null, reason: `the Electron binary is missing at ${binary}` };
  return { path: binary };
}
