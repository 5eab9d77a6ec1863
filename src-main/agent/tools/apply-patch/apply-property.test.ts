/**
 * Property: for a random file and a random edit of it, a patch made from the edit (with context
 * just unique enough) applies to exactly the edited file. Seeded, so every run is the same.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPatch } from './apply';
import { makeTempDir, removeDir } from './test-tree';

type Rng = () => number;

/** mulberry32: a tiny, well-mixed 32-bit PRNG. */
function prng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, 0, items.length - 1)] as T;

// Repeated lines make context ambiguous; odd lines look like patch syntax once prefixed.
const COMMON = ['', '}', '  return x;', '\tindented();', 'foo();', '// note', 'end   ', '    ', '@@ not a header', '-dash', '+plus', '*** star'];
const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'café', 'naïve', '“quoted”'];

function randomLine(rng: Rng): string {
  return rng() < 0.5 ? pick(rng, COMMON) : `${pick(rng, WORDS)} ${int(rng, 0, 30)}`;
}

/** Replace orig[start, end) with `added`. Regions are sorted and at least one line apart. */
interface Region {
  start: number;
  end: number;
  added: string[];
}

function randomRegions(rng: Rng, length: number): Region[] {
  const regions: Region[] = [];
  for (let pos = 0, n = int(rng, 1, 4); regions.length < n && pos <= length; ) {
    const start = int(rng, pos, Math.min(length, pos + 8));
    const end = Math.min(length, start + int(rng, 0, 3));
    const added = Array.from({ length: int(rng, start === end ? 1 : 0, 3) }, () => randomLine(rng));
    regions.push({ start, end, added });
    pos = end + 1;
  }
  return regions;
}

function applyRegions(orig: string[], regions: Region[]): string[] {
  const out: string[] = [];
  let pos = 0;
  for (const r of regions) {
    out.push(...orig.slice(pos, r.start), ...r.added);
    pos = r.end;
  }
  return [...out, ...orig.slice(pos)];
}

function firstExact(lines: string[], pattern: string[], from: number): number {
  for (let i = from; i + pattern.length <= lines.length; i += 1) {
    if (pattern.every((line, j) => lines[i + j] === line)) return i;
  }
  return -1;
}

interface Chunk {
  a: number;
  b: number;
  header: number | null;
  eof: boolean;
  regions: Region[];
}

/** Chooses each chunk's span [a, b) of the original so the applier finds it where it belongs. */
function planChunks(rng: Rng, orig: string[], regions: Region[]): Chunk[] {
  const chunks: Chunk[] = [];
  let cursor = 0;
  for (const [i, r] of regions.entries()) {
    const nextStart = regions[i + 1]?.start ?? orig.length;
    let a = Math.max(r.start - int(rng, 0, 3), cursor);
    let b = Math.min(r.end + int(rng, 0, 3), nextStart);
    const last = chunks[chunks.length - 1];
    // A pure insertion needs a context line, or the applier would append it at the end.
    if (a === r.start && b === r.end && r.start === r.end) {
      if (r.start > cursor) a -= 1;
      else if (r.end < nextStart) b += 1;
      else if (last !== undefined) {
        last.regions.push(r);
        continue;
      }
    }
    const header = rng() < 0.3 ? pickHeader(orig, cursor, a) : null;
    a = uniqueStart(orig, a, b, header === null ? cursor : header + 1);
    chunks.push({ a, b, header, eof: b === orig.length && a < b && rng() < 0.5, regions: [r] });
    cursor = b;
  }
  return chunks;
}

function pickHeader(orig: string[], from: number, before: number): number | null {
  for (let h = before - 1; h >= from; h -= 1) {
    const text = orig[h] as string;
    if (text.trim() !== '' && firstExact(orig, [text], from) === h) return h;
  }
  return null;
}

/** Widens the context upwards until the first match from `from` is the chunk's own place. */
function uniqueStart(orig: string[], a: number, b: number, from: number): number {
  let start = a;
  while (start > from && b > start && firstExact(orig, orig.slice(start, b), from) !== start) start -= 1;
  return start;
}

function chunkLines(rng: Rng, orig: string[], chunk: Chunk): string[] {
  // An empty context line may lose its leading space, as models often send it.
  const context = (line: string) => (line === '' && rng() < 0.5 ? '' : ` ${line}`);
  const out = [chunk.header === null ? '@@' : `@@ ${orig[chunk.header]}`];
  let pos = chunk.a;
  for (const r of chunk.regions) {
    for (; pos < r.start; pos += 1) out.push(context(orig[pos] as string));
    for (; pos < r.end; pos += 1) out.push(`-${orig[pos]}`);
    out.push(...r.added.map((line) => `+${line}`));
  }
  for (; pos < chunk.b; pos += 1) out.push(context(orig[pos] as string));
  if (chunk.eof) out.push('*** End of File');
  return out;
}

interface Trial {
  original: string;
  patch: string;
  expected: string;
  target: string;
}

function makeTrial(rng: Rng): Trial {
  const orig = Array.from({ length: int(rng, 0, 30) }, () => randomLine(rng));
  const regions = randomRegions(rng, orig.length);
  const eol = rng() < 0.2 ? '\r\n' : '\n';
  const finalNewline = rng() < 0.8 || orig[orig.length - 1] === '';
  const original = orig.length === 0 ? '' : orig.join(eol) + (finalNewline ? eol : '');
  const edited = applyRegions(orig, regions);
  // A file without any newline has no convention yet; new lines get LF.
  const newEol = original.includes('\n') ? eol : '\n';
  const expected = edited.length === 0 ? '' : edited.join(newEol) + newEol;
  const target = rng() < 0.2 ? 'moved/file.txt' : 'file.txt';
  const body = ['*** Update File: file.txt', ...(target === 'file.txt' ? [] : [`*** Move to: ${target}`])];
  for (const chunk of planChunks(rng, orig, regions)) body.push(...chunkLines(rng, orig, chunk));
  let patch = ['*** Begin Patch', ...body, '*** End Patch'].join('\n');
  if (rng() < 0.1) patch = `<<'EOF'\n${patch}\nEOF\n`;
  if (rng() < 0.1) patch = patch.replace(/\n/g, '\r\n');
  return { original, patch, expected, target };
}

describe('applyPatch property', () => {
  let root = '';
  beforeAll(async () => {
    root = await makeTempDir();
  });
  afterAll(async () => {
    await removeDir(root);
  });

  it('applies a generated patch to exactly the edited file, 400 seeded trials', async () => {
    const rng = prng(0x5eed);
    for (let trial = 0; trial < 400; trial += 1) {
      const t = makeTrial(rng);
      await rm(path.join(root, 'moved'), { recursive: true, force: true });
      await writeFile(path.join(root, 'file.txt'), t.original);
      const result = await applyPatch(root, t.patch);
      const context = `trial ${trial}\n--- original ---\n${JSON.stringify(t.original)}\n--- patch ---\n${t.patch}`;
      expect(result.ok ? '' : result.error, context).toBe('');
      expect(await readFile(path.join(root, t.target), 'utf8'), context).toBe(t.expected);
    }
  });
});
