/** `folders.list`: the server's directories, for the new-task form's folder browser. */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fail, ok, type Result } from '../../../src-shared/protocol/api';
import { FOLDER_ENTRIES_MAX, type FolderEntry, type FolderListing } from '../../../src-shared/protocol/api-folders';
import type { CommandHandlers } from './api-handler';

export interface FolderQuery {
  path?: string;
  showHidden?: boolean;
  host?: string;
}

export function createFolderHandlers(): Pick<CommandHandlers, 'folders.list'> {
  return {
    'folders.list': async (params) => {
      // Only a dashboard of many hosts (src-main/remote/hosts-fleet.ts) lists a host's folders.
      if (params.host !== undefined) return fail('not_found', `Host ${params.host} is not connected to this Flotilla; start it with \`flotilla serve --with-hosts\` or leave the host out.`);
      return listFolders(params);
    },
  };
}

export async function listFolders({ path, showHidden = false }: FolderQuery): Promise<Result<FolderListing>> {
  if (path !== undefined && !isAbsolute(path)) return fail('invalid_request', `${path} is not an absolute path. Give the full path, such as /home/you/project.`);
  const folder = resolve(path ?? homedir());
  const read = await readDirectory(folder);
  if (!read.ok) return read;
  const names = await directoryNames(folder, read.value, showHidden);
  const kept = names.slice(0, FOLDER_ENTRIES_MAX);
  const entries = await Promise.all(kept.map(async (name): Promise<FolderEntry> => ({ name, isGitRepo: await isGitRepo(join(folder, name)) })));
  const parent = dirname(folder) === folder ? null : dirname(folder);
  return ok({ path: folder, parent, entries, ...(names.length > kept.length ? { truncated: true } : {}) });
}

async function readDirectory(folder: string): Promise<Result<Dirent[]>> {
  try {
    return ok(await readdir(folder, { withFileTypes: true }));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('path_not_found', `No folder at ${folder}. Check the path.`);
    if (code === 'ENOTDIR') return fail('path_not_found', `${folder} is a file, not a folder.`);
    if (code === 'EACCES' || code === 'EPERM') return fail('path_unreadable', `${folder} cannot be read by this server's user; choose another folder.`);
    throw error;
  }
}

/** Directories and links to directories, sorted; a link that leads nowhere is left out. */
async function directoryNames(folder: string, dirents: Dirent[], showHidden: boolean): Promise<string[]> {
  const visible = dirents.filter((d) => showHidden || !d.name.startsWith('.'));
  const flags = await Promise.all(visible.map(async (d) => d.isDirectory() || (d.isSymbolicLink() && (await isDirectory(join(folder, d.name))))));
  return visible.filter((_, i) => flags[i]).map((d) => d.name).sort((a, b) => a.localeCompare(b));
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/** A checkout has `.git` (a folder, or a file in a worktree or submodule). */
async function isGitRepo(folder: string): Promise<boolean> {
  return stat(join(folder, '.git')).then(() => true, () => false);
}
