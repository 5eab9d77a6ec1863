/**
 * Keeps every path of a patch inside the worktree. A path is resolved against the real root, then
 * the nearest part of it that exists is resolved through symlinks, so neither `..` nor a symlink
 * can lead a write outside. No path may touch git's metadata either (see isGitMetadata).
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';

export type Resolved = { ok: true; path: string } | { ok: false; error: string };

export interface ResolveOptions {
  /** Resolve the final component through a symlink too (writes), or keep the link itself (deletes). */
  followLast: boolean;
}

export async function realRoot(root: string): Promise<Resolved> {
  try {
    return { ok: true, path: await realpath(root) };
  } catch (err) {
    return { ok: false, error: `The worktree ${root} cannot be read: ${errorText(err)}` };
  }
}

/** `root` must already be a real path (see realRoot). */
export async function resolveInside(root: string, relative: string, options: ResolveOptions): Promise<Resolved> {
  const refuse = (why: string): Resolved => ({ ok: false, error: `Refusing path '${relative}': ${why}` });
  if (relative.trim() === '' || relative.includes('\0')) return refuse('it is empty or malformed');
  // Like Codex, an absolute path is accepted when it names a file inside the worktree.
  if (!path.isAbsolute(relative) && path.win32.isAbsolute(relative)) return refuse('it is not a path on this system');
  const lexical = path.resolve(root, relative);
  if (!isInside(root, lexical) || lexical === root) return refuse('it points outside the worktree');
  const dir = options.followLast ? lexical : path.dirname(lexical);
  const realDir = await realpathOfNearest(dir);
  const real = options.followLast ? realDir : path.join(realDir, path.basename(lexical));
  if (!isInside(root, real) || real === root) return refuse('it leads outside the worktree through a symlink');
  if (isGitMetadata(path.relative(root, lexical)) || isGitMetadata(path.relative(root, real))) {
    return refuse('it is inside .git, which holds the repository itself; patches may change only the files of the worktree');
  }
  return { ok: true, path: real };
}

/**
 * Code points HFS+ ignores in names, so `.g\u200cit` is `.git` on macOS (git's is_hfs_dotgit).
 */
const HFS_IGNORED = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;

/**
 * True when any component is `.git` as some file system would read it: any case (macOS, Windows),
 * with the trailing dots and spaces Windows drops, its 8.3 short name `git~1`, or HFS+'s ignored
 * characters. A `.git` file or folder anywhere redirects git: the worktree's own, or a nested
 * repository's, whose config would run programs when git looks inside it.
 */
export function isGitMetadata(relative: string): boolean {
  return relative.split(/[\\/]/).some((part) => {
    const name = part.replace(HFS_IGNORED, '').toLowerCase().replace(/[. ]+$/, '');
    return name === '.git' || name === 'git~1';
  });
}

/** The real path of `target`, resolving its nearest existing ancestor and keeping the rest. */
async function realpathOfNearest(target: string): Promise<string> {
  const missing: string[] = [];
  let current = target;
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      // At the filesystem root nothing exists to resolve; keep the lexical path.
      if (parent === current) return target;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'No such file or directory';
    if (code === 'EISDIR') return 'Is a directory';
    return err.message;
  }
  return String(err);
}
