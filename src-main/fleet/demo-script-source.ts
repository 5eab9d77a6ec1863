/**
 * Where a demo script named over the client API may come from: a bundled script's name, or a
 * JSON file inside `<dataDir>/demo-scripts/`. Anything else would let a client make the fleet read
 * any file and echo its first bytes in a parse error. The path given to `flotilla run
 * --demo-script` on the command line is the one exception: the user typed it.
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fail, ok, type Result } from '../../src-shared/protocol/api';
import { BUILTIN_DEMO_SCRIPT_NAMES, builtinDemoScript, loadDemoScriptFile, type DemoScript } from '../demo/script';

export const DEMO_SCRIPTS_FOLDER = 'demo-scripts';

export function demoScriptsDir(dataDir: string): string {
  return join(dataDir, DEMO_SCRIPTS_FOLDER);
}

export interface DemoScriptSource {
  /** `<dataDir>/demo-scripts`; null = bundled scripts only. */
  dir: string | null;
  /** A path the user gave on the command line of an in-process fleet, read wherever it is. */
  commandLineScript: string | null;
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function unknownScript(spec: string, dir: string | null): Result<never> {
  const bundled = BUILTIN_DEMO_SCRIPT_NAMES.join(', ');
  const where = dir ? ` or a JSON file in ${dir}` : '';
  return fail('invalid_request', `No demo script "${spec}": name a bundled script (${bundled})${where}.`);
}

/**
 * The file `spec` names inside `dir`, checked twice: as written (so nothing outside is even
 * looked at) and after resolving symlinks. A hard link could still point anywhere, so a file
 * with more than one link is refused too.
 */
async function fileInside(dir: string, spec: string): Promise<Result<string>> {
  const outside = fail<string>(
    'invalid_request',
    `Demo script ${spec} is outside ${dir}. Over the client API demo scripts are read only from there: copy it in, or pass it to \`flotilla run --demo-script\`.`,
  );
  const candidate = resolve(dir, spec);
  if (!isInside(resolve(dir), candidate)) return outside;
  try {
    const real = await realpath(candidate);
    if (!isInside(await realpath(dir), real)) return outside;
    const info = await stat(real);
    if (info.isFile() && info.nlink === 1) return ok(real);
    return fail('invalid_request', `Demo script ${spec} is not a plain file of ${dir} (a folder, or a file with other hard links); copy the script in.`);
  } catch {
    return unknownScript(spec, dir);
  }
}

/** `spec` as task.run's `demoScript`: a bundled name, a file of the scripts folder (by name or path), or the command-line path. */
export async function resolveDemoScriptSpec(spec: string, source: DemoScriptSource): Promise<Result<DemoScript>> {
  const builtin = builtinDemoScript(spec);
  if (builtin) return ok(builtin);
  let path: string;
  if (source.commandLineScript !== null && resolve(spec) === resolve(source.commandLineScript)) {
    path = source.commandLineScript;
  } else {
    if (source.dir === null) return unknownScript(spec, null);
    const inside = await fileInside(source.dir, spec);
    if (!inside.ok) return inside;
    path = inside.value;
  }
  const loaded = await loadDemoScriptFile(path);
  return loaded.ok ? ok(loaded.script) : fail('invalid_request', loaded.error);
}
