/**
 * AGENTS.md discovery, as Codex does it: walk from the working directory up to the project root;
 * in each directory take the first of AGENTS.override.md and AGENTS.md; join them root first, so
 * the most specific instructions come last; cap the total.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const PROJECT_DOC_MAX_BYTES = 32 * 1024;
export const PROJECT_DOC_NAMES = ['AGENTS.override.md', 'AGENTS.md'] as const;

export interface ProjectDoc {
  /** Path relative to the project root, with forward slashes. */
  path: string;
  text: string;
}

/** Directories from `root` down to `cwd`. A cwd outside root is searched alone. */
export function directoriesRootFirst(cwd: string, root: string): string[] {
  const from = resolve(cwd);
  const to = resolve(root);
  const rel = relative(to, from);
  if (rel.startsWith('..') || resolve(to, rel) !== from) return [from];
  const dirs: string[] = [];
  for (let dir = from; ; dir = dirname(dir)) {
    dirs.unshift(dir);
    if (dir === to || dirname(dir) === dir) break;
  }
  return dirs;
}

export async function findProjectDocs(cwd: string, root: string): Promise<ProjectDoc[]> {
  const docs: ProjectDoc[] = [];
  for (const dir of directoriesRootFirst(cwd, root)) {
    for (const name of PROJECT_DOC_NAMES) {
      const text = await readIfFile(join(dir, name));
      if (text === null) continue;
      if (text.trim()) docs.push({ path: relative(resolve(root), join(dir, name)).split(sep).join('/'), text });
      // The first file found in a directory wins, even when it is empty: an empty override
      // is how a directory says "ignore my AGENTS.md".
      break;
    }
  }
  return docs;
}

/** The joined AGENTS.md text, capped at `maxBytes`; null when there is none. */
export async function loadProjectDocs(
  cwd: string,
  root: string,
  maxBytes = PROJECT_DOC_MAX_BYTES,
): Promise<string | null> {
  const docs = await findProjectDocs(cwd, root);
  if (docs.length === 0) return null;
  const joined = docs.map((doc) => `## ${doc.path}\n\n${doc.text.trim()}`).join('\n\n');
  return truncateUtf8(joined, maxBytes);
}

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Back up over continuation bytes (10xxxxxx) to the start of a character.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}

async function readIfFile(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}
