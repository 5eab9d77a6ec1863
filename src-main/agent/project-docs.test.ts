import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { directoriesRootFirst, findProjectDocs, loadProjectDocs, PROJECT_DOC_MAX_BYTES, truncateUtf8 } from './project-docs';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'flotilla-docs-')));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('AGENTS.md discovery', () => {
  it('walks root first, takes the override over AGENTS.md in the same directory', async () => {
    const root = tree({
      'AGENTS.md': 'root rules',
      'pkg/AGENTS.md': 'pkg rules (shadowed)',
      'pkg/AGENTS.override.md': 'pkg override',
      'pkg/deep/AGENTS.md': 'deep rules',
      'other/AGENTS.md': 'not on the path',
    });
    const docs = await findProjectDocs(join(root, 'pkg/deep'), root);
    expect(docs).toEqual([
      { path: 'AGENTS.md', text: 'root rules' },
      { path: 'pkg/AGENTS.override.md', text: 'pkg override' },
      { path: 'pkg/deep/AGENTS.md', text: 'deep rules' },
    ]);
    expect(await loadProjectDocs(join(root, 'pkg/deep'), root)).toBe(
      '## AGENTS.md\n\nroot rules\n\n## pkg/AGENTS.override.md\n\npkg override\n\n## pkg/deep/AGENTS.md\n\ndeep rules',
    );
  });

  it('lets an empty override silence a directory', async () => {
    const root = tree({ 'AGENTS.override.md': '  \n', 'AGENTS.md': 'ignored' });
    expect(await loadProjectDocs(root, root)).toBeNull();
  });

  it('searches only the working directory when it is outside the root', () => {
    expect(directoriesRootFirst('/a/b', '/c')).toEqual(['/a/b']);
    expect(directoriesRootFirst('/r/x/y', '/r')).toEqual(['/r', '/r/x', '/r/x/y']);
  });

  it('caps the joined text at 32 KiB', async () => {
    const root = tree({ 'AGENTS.md': 'a'.repeat(30_000), 'sub/AGENTS.md': 'b'.repeat(30_000) });
    const text = await loadProjectDocs(join(root, 'sub'), root);
    expect(Buffer.byteLength(text ?? '')).toBe(PROJECT_DOC_MAX_BYTES);
    expect(text?.startsWith('## AGENTS.md\n\naaa')).toBe(true);
  });

  it('never splits a UTF-8 character when truncating', () => {
    expect(truncateUtf8('héllo', 2)).toBe('h');
    expect(truncateUtf8('héllo', 3)).toBe('hé');
    expect(truncateUtf8('short', 100)).toBe('short');
  });
});
