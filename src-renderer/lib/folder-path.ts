/**
 * Paths of the server's (or a host's) file system, which may not be this browser's: POSIX, or
 * Windows when the path says so. The renderer has no node `path`, and needs only these two.
 */

export interface Crumb {
  label: string;
  path: string;
}

const separatorOf = (path: string) => (/^[A-Za-z]:\\/.test(path) || path.startsWith('\\\\') ? '\\' : '/');

/** `/home/me/src` → `/`, `home`, `me`, `src`, each with the path it leads to. */
export function breadcrumbs(path: string): Crumb[] {
  const sep = separatorOf(path);
  const parts = path.split(sep).filter((part) => part !== '');
  const root = sep === '/' ? '/' : `${parts.shift() ?? ''}\\`;
  const crumbs: Crumb[] = [{ label: root, path: root }];
  let current = root;
  for (const part of parts) {
    current = joinFolder(current, part);
    crumbs.push({ label: part, path: current });
  }
  return crumbs;
}

export function joinFolder(folder: string, name: string): string {
  const sep = separatorOf(folder);
  return folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`;
}
