/**
 * Finds the pinned Codex binary (the devDependency @openai/codex, whose platform package holds
 * the native executable) and exposes it under the name `apply_patch`, which makes it Codex's own
 * apply_patch: `apply_patch "$PATCH"` applies the patch in the working directory.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const TRIPLES: Record<string, { pkg: string; triple: string }> = {
  'linux-x64': { pkg: '@openai/codex-linux-x64', triple: 'x86_64-unknown-linux-musl' },
  'linux-arm64': { pkg: '@openai/codex-linux-arm64', triple: 'aarch64-unknown-linux-musl' },
  'darwin-x64': { pkg: '@openai/codex-darwin-x64', triple: 'x86_64-apple-darwin' },
  'darwin-arm64': { pkg: '@openai/codex-darwin-arm64', triple: 'aarch64-apple-darwin' },
  'win32-x64': { pkg: '@openai/codex-win32-x64', triple: 'x86_64-pc-windows-msvc' },
  'win32-arm64': { pkg: '@openai/codex-win32-arm64', triple: 'aarch64-pc-windows-msvc' },
};

const INSTALL_HINT =
  'The pinned Codex binary is a devDependency (@openai/codex with its platform package): run `npm ci` ' +
  '(or `npm install`) without --omit=optional / --no-optional, so npm installs @openai/codex and its optional native package.';

export interface FindOptions {
  platform?: string;
  arch?: string;
  /** Where to resolve @openai/codex from (a file path); this file by default. */
  from?: string;
}

/** The native codex executable, or an Error that says how to install it. */
export function findCodexBinary({ platform = process.platform, arch = process.arch, from = __filename }: FindOptions = {}): string | Error {
  const target = TRIPLES[`${platform}-${arch}`];
  if (target === undefined) return new Error(`Codex ships no binary for ${platform}-${arch}. ${INSTALL_HINT}`);
  let codexPackage: string;
  try {
    codexPackage = createRequire(from).resolve('@openai/codex/package.json');
  } catch {
    return new Error(`@openai/codex is not installed. ${INSTALL_HINT}`);
  }
  let vendor: string;
  try {
    // The platform package is an optional dependency of @openai/codex, so resolve it from there.
    vendor = path.join(path.dirname(createRequire(codexPackage).resolve(`${target.pkg}/package.json`)), 'vendor');
  } catch {
    return new Error(`${target.pkg} (the native part of @openai/codex) is not installed. ${INSTALL_HINT}`);
  }
  const binary = path.join(vendor, target.triple, 'bin', platform === 'win32' ? 'codex.exe' : 'codex');
  return existsSync(binary) ? binary : new Error(`${binary} is missing. ${INSTALL_HINT}`);
}

/** A symlink named apply_patch to the codex binary, in a fresh temp dir. */
export async function linkApplyPatch(binary: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-codex-apply-patch-'));
  const link = path.join(dir, process.platform === 'win32' ? 'apply_patch.exe' : 'apply_patch');
  await symlink(binary, link);
  return link;
}
