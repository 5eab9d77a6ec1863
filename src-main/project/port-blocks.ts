/**
 * Port blocks: each live worktree gets `ports` consecutive ports no other live worktree has, so
 * eight dev servers never collide. The first is exported as FLOTILLA_PORT. Blocks are kept in
 * `<dataDir>/ports.json`, so a thread keeps its ports across restarts (bookmarks and .env files
 * that name them keep working); a block is released when its worktree is removed.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** Above the common dev-server ports (3000, 5173, 8080) and below Linux's ephemeral range. */
export const FIRST_PORT = 20_000;
export const LAST_PORT = 32_767;

const BlockSchema = z.object({ first: z.number().int(), size: z.number().int().min(1) });
export type PortBlock = z.infer<typeof BlockSchema>;
const FileSchema = z.record(z.string(), BlockSchema);

export class PortBlocks {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly blocks: Map<string, PortBlock>,
  ) {}

  /** Loads the blocks, dropping those of threads that no longer have a worktree (all are kept when `liveThreads` is null). */
  static async open(dataDir: string, liveThreads: ReadonlySet<string> | null): Promise<PortBlocks> {
    const file = join(dataDir, 'ports.json');
    const blocks = new Map(Object.entries(await readBlocks(file)).filter(([thread]) => liveThreads?.has(thread) ?? true));
    return new PortBlocks(file, blocks);
  }

  /** Lets go of the blocks of every thread not in `liveThreads`. */
  retainOnly(liveThreads: ReadonlySet<string>): Promise<void> {
    return this.serialised(async () => {
      const dead = [...this.blocks.keys()].filter((thread) => !liveThreads.has(thread));
      for (const thread of dead) this.blocks.delete(thread);
      if (dead.length > 0) await this.save();
    });
  }

  get(threadId: string): PortBlock | null {
    return this.blocks.get(threadId) ?? null;
  }

  /** The thread's block: the one it has if its size still fits, else the lowest free one. */
  allocate(threadId: string, size: number): Promise<PortBlock> {
    return this.serialised(async () => {
      const held = this.blocks.get(threadId);
      if (held && held.size === size) return held;
      this.blocks.delete(threadId);
      const block = { first: this.lowestFree(size), size };
      this.blocks.set(threadId, block);
      await this.save();
      return block;
    });
  }

  release(threadId: string): Promise<void> {
    return this.serialised(async () => {
      if (this.blocks.delete(threadId)) await this.save();
    });
  }

  private lowestFree(size: number): number {
    const taken = [...this.blocks.values()].sort((a, b) => a.first - b.first);
    let candidate = FIRST_PORT;
    for (const block of taken) {
      if (candidate + size <= block.first) break;
      candidate = Math.max(candidate, block.first + block.size);
    }
    if (candidate + size - 1 > LAST_PORT) {
      throw new Error(`No free block of ${size} ports is left between ${FIRST_PORT} and ${LAST_PORT}: remove finished worktrees or lower "ports" in flotilla.json.`);
    }
    return candidate;
  }

  private async save(): Promise<void> {
    const temp = `${this.file}.tmp`;
    await writeFile(temp, `${JSON.stringify(Object.fromEntries(this.blocks), null, 2)}\n`);
    await rename(temp, this.file);
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** A missing or unreadable file starts empty: ports are a convenience, never a reason to fail. */
async function readBlocks(file: string): Promise<Record<string, PortBlock>> {
  try {
    const parsed = FileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
