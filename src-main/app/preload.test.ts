import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The vitest global setup builds dist/main, preload included.
const bundle = join(__dirname, '..', '..', 'dist', 'main', 'preload.cjs');

describe('the preload bundle', () => {
  it('is one self-contained file that requires nothing but electron', () => {
    expect(existsSync(bundle)).toBe(true);
    const code = readFileSync(bundle, 'utf8');
    const required = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).toContain('"flotillaBridge"');
    expect(code).toContain('"flotilla:call"');
    expect(code).not.toMatch(/zod/);
  });
});
