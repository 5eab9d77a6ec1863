/**
 * Every thread is an append-only JSONL file, `<dataDir>/threads/<threadId>.jsonl`, one ThreadEvent
 * per line. The fleet appends an event before publishing it, so a client never sees an event that
 * a restart would lose. Files are private to the user (0600): they hold prompts and code.
 */
import { mkdir, open, readdir, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ThreadEventSchema, type ThreadEvent } from '../../../src-shared/protocol/thread-events';
import { compactLogFile } from './log-compaction';

export function threadsDir(dataDir: string): string {
  return join(dataDir, 'threads');
}

export function threadLogPath(dataDir: string, threadId: string): string {
  return join(threadsDir(dataDir), `${threadId}.jsonl`);
}

export async function listThreadLogs(dataDir: string): Promise<string[]> {
  try {
    const names = await readdir(threadsDir(dataDir));
    return names.filter((name) => name.endsWith('.jsonl')).sort().map((name) => join(threadsDir(dataDir), name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

interface PendingLine {
  /** A line to append, or null for a compaction (see compact()). */
  line: string | null;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Appends events in order; writes that queue up while one is in flight go out as one write.
 * A compaction is queued like a write, so no append can fall between reading and replacing the file.
 */
export class ThreadLogWriter {
  private handle: Promise<FileHandle> | null = null;
  private pending: PendingLine[] = [];
  private draining: Promise<void> | null = null;
  private closed = false;

  constructor(readonly path: string) {}

  append(event: ThreadEvent): Promise<void> {
    return this.enqueue(`${JSON.stringify(event)}\n`);
  }

  /** Rewrites the log without the fragments of items that completed (log-compaction.ts). */
  compact(): Promise<void> {
    return this.enqueue(null);
  }

  /** Waits for every queued append, then closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    await this.draining;
    await this.closeHandle();
  }

  private enqueue(line: string | null): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`Thread log ${this.path} is closed.`));
    return new Promise((resolve, reject) => {
      this.pending.push({ line, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const compaction = this.pending[0]!.line === null;
      const count = compaction ? 1 : this.pending.findIndex((p) => p.line === null);
      const batch = this.pending.splice(0, count === -1 ? this.pending.length : count);
      try {
        if (compaction) await this.rewrite();
        else await (await this.openHandle()).appendFile(batch.map((p) => p.line).join(''));
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.draining = null;
  }

  private async rewrite(): Promise<void> {
    // The file is replaced by a new one: appends after it go to the new file.
    await this.closeHandle();
    await compactLogFile(this.path);
  }

  private async closeHandle(): Promise<void> {
    if (this.handle) await (await this.handle.catch(() => null))?.close();
    this.handle = null;
  }

  private openHandle(): Promise<FileHandle> {
    this.handle ??= (async () => {
      await mkdir(join(this.path, '..'), { recursive: true, mode: 0o700 });
      const handle = await open(this.path, 'a', 0o600);
      // The mode above applies only to a new file; tighten one that already existed.
      await handle.chmod(0o600);
      return handle;
    })();
    // A failed open is retried on the next append instead of failing forever.
    this.handle.catch(() => {
      this.handle = null;
    });
    return this.handle;
  }
}

export interface LoadedThreadLog {
  /** This thread's events only, in strictly increasing seq order. */
  events: ThreadEvent[];
  /** Lines that were skipped, described for a person. */
  problems: string[];
  /**
   * Bytes up to the end of the last good line when the file ends in a torn line (a write cut
   * short by a crash), else null. Truncating to it lets new appends start on a clean line.
   */
  truncateTo: number | null;
  /** The highest seq any line of this thread carries, kept or skipped: the next event goes above it. */
  lastSeq: number;
}

/**
 * Reads a log. With `threadId`, a line of another thread, or one whose seq does not come after
 * the last kept one, is skipped and named: replaying it would make sequence numbers repeat.
 */
export async function loadThreadLog(path: string, threadId?: string): Promise<LoadedThreadLog> {
  const content = await readFile(path);
  const events: ThreadEvent[] = [];
  const problems: string[] = [];
  let start = 0;
  let lineNumber = 0;
  let lastGoodEnd = 0;
  let truncateTo: number | null = null;
  let lastSeq = 0;
  while (start < content.length) {
    lineNumber += 1;
    const newline = content.indexOf(0x0a, start);
    const end = newline === -1 ? content.length : newline + 1;
    const line = parseLine(content.subarray(start, newline === -1 ? end : newline).toString('utf8'));
    const event = line?.event;
    const isLast = end >= content.length;
    if (event && newline !== -1) {
      const skipped = threadId === undefined ? null : outOfPlace(event, threadId, events.at(-1)?.seq ?? 0);
      if (skipped) problems.push(`${path}: line ${lineNumber} ${skipped}; skipped it.`);
      else events.push(event);
      if (threadId === undefined || event.threadId === threadId) lastSeq = Math.max(lastSeq, event.seq);
      lastGoodEnd = end;
    } else if (isLast) {
      problems.push(`${path}: line ${lineNumber} is incomplete (Flotilla stopped while writing it); dropped it.`);
      truncateTo = lastGoodEnd;
    } else {
      problems.push(`${path}: line ${lineNumber} is not a valid thread event${line?.why ? ` (${line.why})` : ''}; skipped it.`);
      lastGoodEnd = end;
    }
    start = end;
  }
  return { events, problems, truncateTo, lastSeq };
}

/** Why an event does not belong at this point of the thread's log, or null when it does. */
function outOfPlace(event: ThreadEvent, threadId: string, previousSeq: number): string | null {
  if (event.threadId !== threadId) return `belongs to thread ${event.threadId}, not ${threadId}`;
  if (event.seq <= previousSeq) return `has seq ${event.seq}, not after ${previousSeq}`;
  return null;
}

/** The line's event, or why it is not one (the first schema issue, e.g. a malformed conversation item). */
function parseLine(text: string): { event?: ThreadEvent; why?: string } | null {
  if (text.trim() === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = ThreadEventSchema.safeParse(json);
  if (parsed.success) return { event: parsed.data };
  const issue = parsed.error.issues[0];
  return { why: issue ? `${issue.path.join('.')}: ${issue.message}` : undefined };
}

/** Cuts a torn last line off, so the next append does not glue onto it. */
export async function repairThreadLog(path: string, truncateTo: number): Promise<void> {
  await truncate(path, truncateTo);
}
