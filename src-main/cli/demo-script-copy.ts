/**
 * `flotilla new --demo-script FILE`: the server reads demo scripts only from its data dir, so the
 * CLI (which the user trusts with their own files) copies FILE into `<dataDir>/demo-scripts/` and
 * names the copy. The name carries a hash of the content, so the same script is stored once.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { builtinDemoScript } from '../demo/script';
import { demoScriptsDir } from '../fleet/demo-script-source';

export type CopiedScript = { ok: true; name: string } | { ok: false; message: string };

/** A bundled script's name passes as is; a file is copied and its copy's name returned. */
export function copyDemoScriptForServer(dataDir: string, spec: string): CopiedScript {
  if (builtinDemoScript(spec)) return { ok: true, name: spec };
  let content: Buffer;
  try {
    content = readFileSync(spec);
  } catch (error) {
    return { ok: false, message: `Cannot read demo script ${spec}: ${(error as Error).message}` };
  }
  const stem = basename(spec, extname(spec)).replace(/[^A-Za-z0-9_-]/g, '_');
  const name = `${stem}-${createHash('sha256').update(content).digest('hex').slice(0, 12)}.json`;
  const dir = demoScriptsDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, name), content, { mode: 0o600 });
  return { ok: true, name };
}
