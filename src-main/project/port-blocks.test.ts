import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../git/test-support/temp-repo';
import { FIRST_PORT, PortBlocks, type PortBlock } from './port-blocks';

let dataDir: string;
beforeEach(() => {
  dataDir = makeTempDir('flotilla-ports-');
});
afterEach(() => removeTempDir(dataDir));

function overlaps(a: PortBlock, b: PortBlock): boolean {
  return a.first < b.first + b.size && b.first < a.first + a.size;
}

const threads = Array.from({ length: 8 }, (_, i) => `t_${i}`);

describe('port blocks', () => {
  it('gives 8 live worktrees 8 disjoint blocks, even when asked for all at once', async () => {
    const ports = await PortBlocks.open(dataDir, new Set());
    const blocks = await Promise.all(threads.map((t) => ports.allocate(t, 10)));
    for (const [i, a] of blocks.entries()) {
      expect(a.size).toBe(10);
      for (const b of blocks.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    }
    expect(Math.min(...blocks.map((b) => b.first))).toBe(FIRST_PORT);
  });

  it('keeps every block across a restart', async () => {
    const before = await PortBlocks.open(dataDir, new Set());
    const blocks = await Promise.all(threads.map((t) => before.allocate(t, 10)));
    const after = await PortBlocks.open(dataDir, new Set(threads));
    expect(threads.map((t) => after.get(t))).toEqual(blocks);
    expect(await after.allocate('t_3', 10)).toEqual(blocks[3]);
  });

  it('frees the block of a removed worktree for the next one, and forgets dead threads on load', async () => {
    const ports = await PortBlocks.open(dataDir, new Set());
    const first = await ports.allocate('a', 10);
    await ports.allocate('b', 10);
    await ports.release('a');
    expect(await ports.allocate('c', 10)).toEqual(first);
    const reloaded = await PortBlocks.open(dataDir, new Set(['c']));
    expect(reloaded.get('b')).toBeNull();
    expect(await reloaded.allocate('d', 10)).toEqual({ first: FIRST_PORT + 10, size: 10 });
  });

  it('fits blocks of different sizes into the gaps without overlap', async () => {
    const ports = await PortBlocks.open(dataDir, new Set());
    await ports.allocate('a', 5);
    await ports.allocate('b', 20);
    await ports.release('a');
    expect(await ports.allocate('c', 3)).toEqual({ first: FIRST_PORT, size: 3 });
    expect(await ports.allocate('d', 10)).toEqual({ first: FIRST_PORT + 25, size: 10 });
  });

  it('starts empty from a corrupt file instead of failing the worktree', async () => {
    writeFileSync(join(dataDir, 'ports.json'), '{ not json');
    const ports = await PortBlocks.open(dataDir, new Set(['a']));
    expect(await ports.allocate('a', 10)).toEqual({ first: FIRST_PORT, size: 10 });
    expect(JSON.parse(readFileSync(join(dataDir, 'ports.json'), 'utf8'))).toEqual({ a: { first: FIRST_PORT, size: 10 } });
  });

  it('says what to do when no block is left', async () => {
    const ports = await PortBlocks.open(dataDir, new Set());
    await expect(ports.allocate('huge', 20_000)).rejects.toThrow(/lower "ports" in flotilla\.json/);
  });
});
