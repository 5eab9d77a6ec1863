/**
 * Client API: a folder browser for the new-task form, where no native picker exists (the browser
 * of `flotilla serve`, a remote host). It lists the server's directories; with a `host`, a
 * dashboard of many hosts asks that host instead (src-main/remote/hosts-fleet.ts).
 */
import { z } from 'zod';
import { lazyCommand } from './lazy-command';

/** The most entries one listing returns; a bigger folder answers `truncated`. */
export const FOLDER_ENTRIES_MAX = 2000;

export const FolderEntrySchema = z.object({ name: z.string(), isGitRepo: z.boolean() });
export type FolderEntry = z.infer<typeof FolderEntrySchema>;

export const FolderListingSchema = z.object({
  /** The folder listed, absolute and normalised. */
  path: z.string(),
  /** null at the file system's root. */
  parent: z.string().nullable(),
  /** Sub-directories only, sorted by name. */
  entries: z.array(FolderEntrySchema),
  truncated: z.boolean().optional(),
});
export type FolderListing = z.infer<typeof FolderListingSchema>;

export const folderCommands = {
  'folders.list': lazyCommand(() => ({
    params: z.object({
      /** Absolute; default the server user's home. A relative path is refused: the server's cwd means nothing to the user. */
      path: z.string().min(1).optional(),
      /** Also list dot-directories. */
      showHidden: z.boolean().optional(),
      /** A remote host's name (hosts.status): its folders are listed. */
      host: z.string().min(1).optional(),
    }),
    result: FolderListingSchema,
  })),
} as const;
