/**
 * Rewrites a thread's log without the deltas of items that completed after them: the completed
 * item holds all they said. Every other line stays as it was, byte for byte, in its place (also
 * lines that do not parse: loading names them, as before). The new file replaces the old one by a
 * rename, so a crash leaves either the old log or the new one, never half of each.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { ThreadEvent } from '../../../src-shared/protocol/thread-events';
import { redundantFragments } from './stream-compaction';

/** Resolves with the characters before and after (equal when there was nothing to drop). */
export async function compactLogFile(path: string): Promise<{ before: number; after: number }> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { before: 0, after: 0 };
    throw error;
  }
  const lines = content.split('\n');
  // The last element is what follows the final newline: '' for a whole file, a torn line otherwise.
  const tail = lines.pop() ?? '';
  const redundant = redundantFragments(lines.map(eventShape));
  if (!redundant.includes(true)) return { before: content.length, after: content.length };
  const kept = lines.filter((_, i) => !redundant[i]);
  const next = kept.map((line) => `${line}\n`).join('') + tail;
  const temporary = `${path}.compacting`;
  try {
    await writeFile(temporary, next, { mode: 0o600 });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { before: content.length, after: next.length };
}

/** Enough of a line to tell items apart; full validation is the loader's. */
function eventShape(line: string): ThreadEvent | null {
  // A line without an item event's type cannot be one: most lines (and the large history ones) skip parsing.
  if (!line.includes('"item_')) return null;
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && 'msg' in parsed ? (parsed as ThreadEvent) : null;
  } catch {
    return null;
  }
}
