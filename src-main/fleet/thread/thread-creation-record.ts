/**
 * `<dataDir>/threads/<threadId>.created.json`: a copy of the thread's `thread_created` event,
 * written when the thread is made. The log's first line is the only other place it lives, so a
 * torn or corrupted first line would otherwise hide the whole thread on the next start.
 */
import { renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ThreadEventSchema, type ThreadEvent } from '../../../src-shared/protocol/thread-events';
import { threadsDir } from './event-log';

export function threadCreationPath(dataDir: string, threadId: string): string {
  return join(threadsDir(dataDir), `${threadId}.created.json`);
}

/** Written whole or not at all (temp file, then rename), private to the user. */
export function writeThreadCreation(dataDir: string, event: ThreadEvent): void {
  const path = threadCreationPath(dataDir, event.threadId);
  mkdirSync(threadsDir(dataDir), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(event)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}

/** The recorded creation of `threadId`, or null when there is none or it is unusable. */
export async function readThreadCreation(dataDir: string, threadId: string): Promise<ThreadEvent | null> {
  try {
    const parsed = ThreadEventSchema.safeParse(JSON.parse(await readFile(threadCreationPath(dataDir, threadId), 'utf8')));
    if (!parsed.success || parsed.data.threadId !== threadId || parsed.data.msg.type !== 'thread_created') return null;
    return parsed.data;
  } catch {
    return null;
  }
}
