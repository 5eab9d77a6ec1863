import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../git/test-support/temp-repo';
import { folderBytes } from './folder-size';

let dir = '';
afterEach(() => removeTempDir(dir));

describe('folderBytes', () => {
  it('counts the files under the folder, nested ones too, but not .git and not through symlinks', async () => {
    dir = makeTempDir();
    const root = join(dir, 'wt');
    const outside = join(dir, 'outside');
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    mkdirSync(join(root, '.git'));
    mkdirSync(outside);
    writeFileSync(join(outside, 'big'), Buffer.alloc(1 << 20));
    symlinkSync(outside, join(root, 'link'));
    const empty = await folderBytes(root);
    writeFileSync(join(root, 'a', 'b', 'f'), Buffer.alloc(200_000, 1));
    writeFileSync(join(root, '.git', 'objects'), Buffer.alloc(500_000, 1));
    const grown = await folderBytes(root);
    expect(grown - empty).toBeGreaterThanOrEqual(200_000);
    expect(grown - empty).toBeLessThan(500_000);
  });
});
