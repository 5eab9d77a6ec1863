/**
 * One version of each served file kept in memory: its bytes, a strong ETag from its content, and
 * its gzip and brotli forms. The build writes those forms beside the file (app-<hash>.js.br,
 * .js.gz: see scripts/build.mjs), so a first visit after `serve` starts does not wait for them;
 * a file without them is compressed once (asynchronously, off the event loop) the first time a
 * client asks. A file counts as changed when its size or mtime does, so a rebuild is picked up on
 * the next request and a reload costs one stat.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { ServableFile } from './renderer-files';

export type ContentEncoding = 'br' | 'gzip';

export interface CachedFile {
  raw: Buffer;
  /** Strong validator of the raw bytes; an encoded form gets its own (RFC 9110 §8.8.3). */
  etag: string;
  mtime: Date;
  /** The compressed bytes, or null when compressing does not make the file smaller. */
  encoded(encoding: ContentEncoding): Promise<Buffer | null>;
}

/** Enough for every file of the renderer build; past it the oldest entry goes. */
const MAX_ENTRIES = 64;

const compressors: Record<ContentEncoding, (raw: Buffer) => Promise<Buffer>> = {
  // Quality 9, not 11: on the renderer bundle (788 KB) 178 KB instead of 164 KB, made in 70 ms
  // instead of 1.5 s, which the first request after each build would otherwise wait for.
  br: (raw) =>
    promisify(brotliCompress)(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    }),
  gzip: (raw) => promisify(gzip)(raw, { level: 9 }),
};

export const ETAG_SUFFIX: Record<ContentEncoding, string> = { br: '-br', gzip: '-gz' };

/** The file name suffix of a precompressed sibling, as scripts/build.mjs writes them. */
export const PRECOMPRESSED_SUFFIX: Record<ContentEncoding, string> = { br: '.br', gzip: '.gz' };

export interface StaticFileCache {
  get(file: ServableFile): Promise<CachedFile>;
}

export function createStaticFileCache(): StaticFileCache {
  const entries = new Map<string, { version: string; file: Promise<CachedFile> }>();
  return {
    get(file) {
      const version = `${file.size}:${file.mtimeMs}`;
      const found = entries.get(file.path);
      if (found?.version === version) return found.file;
      const loading = load(file);
      entries.delete(file.path);
      entries.set(file.path, { version, file: loading });
      if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      // A failed read is not kept: the next request tries again.
      loading.catch(() => {
        if (entries.get(file.path)?.file === loading) entries.delete(file.path);
      });
      return loading;
    },
  };
}

async function load(file: ServableFile): Promise<CachedFile> {
  const raw = await readFile(file.path);
  const encodings = new Map<ContentEncoding, Promise<Buffer | null>>();
  for (const encoding of ['br', 'gzip'] as const) {
    const precompressed = await readPrecompressed(file, encoding);
    if (precompressed) encodings.set(encoding, Promise.resolve(precompressed.length < raw.length ? precompressed : null));
  }
  return {
    raw,
    etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 27)}"`,
    mtime: new Date(file.mtimeMs),
    encoded(encoding) {
      let result = encodings.get(encoding);
      if (!result) {
        result = compressors[encoding](raw).then((bytes) => (bytes.length < raw.length ? bytes : null));
        encodings.set(encoding, result);
      }
      return result;
    },
  };
}

/**
 * The sibling the build compressed, or null. One older than the file is stale (the file was
 * written again after it) and is ignored. Its bytes are trusted as they are: the build writes
 * them from the file it has just written, into a folder it emptied first.
 */
async function readPrecompressed(file: ServableFile, encoding: ContentEncoding): Promise<Buffer | null> {
  const sibling = `${file.path}${PRECOMPRESSED_SUFFIX[encoding]}`;
  try {
    const info = await stat(sibling);
    if (!info.isFile() || info.mtimeMs < file.mtimeMs) return null;
    return await readFile(sibling);
  } catch {
    return null;
  }
}
