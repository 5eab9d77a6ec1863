/** Test helpers: real files in a temp dir. */
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type Tree = Record<string, string>;

export async function makeTempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'flotilla-apply-patch-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function writeTree(root: string, tree: Tree): Promise<void> {
  for (const [file, contents] of Object.entries(tree)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), contents);
  }
}

/** Every regular file under root, by relative path. */
export async function readTree(root: string): Promise<Tree> {
  const tree: Tree = {};
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    tree[path.relative(root, full)] = await readFile(full, 'utf8');
  }
  return tree;
}

export function patch(...lines: string[]): string {
  return ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');
}
