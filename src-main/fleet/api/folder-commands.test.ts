/**
 * `folders.list` through a real fleet on a real folder tree: directories only, sorted, git
 * checkouts marked, dot-directories hidden unless asked, and typed errors for a relative or
 * missing path.
 */
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FOLDER_ENTRIES_MAX } from '../../../src-shared/protocol/api-folders';
import { makeRepo } from '../../git/test-support/temp-repo';
import type { FleetService } from '../fleet-service';
import { createFleetFixture, type FleetFixture } from '../test-support/fleet-fixture';

let fx: FleetFixture;
let fleet: FleetService;
let tree: string;

beforeEach(async () => {
  fx = await createFleetFixture();
  fleet = await fx.openFleet();
  tree = join(fx.dir, 'tree');
  makeRepo(join(tree, 'beta-repo'), { 'README.md': '# beta\n' });
  mkdirSync(join(tree, 'alpha', 'inner'), { recursive: true });
  mkdirSync(join(tree, '.hidden'));
  writeFileSync(join(tree, 'notes.txt'), 'a file, not listed\n');
  symlinkSync(join(tree, 'alpha'), join(tree, 'linked'));
  symlinkSync(join(tree, 'nowhere'), join(tree, 'dangling'));
});

afterEach(async () => {
  await fx.cleanup();
});

describe('folders.list', () => {
  it('lists only directories, sorted, with git repositories marked and dot-directories hidden', async () => {
    const listed = await fleet.call('folders.list', { path: tree });
    expect(listed).toEqual({
      ok: true,
      value: {
        path: tree,
        parent: fx.dir,
        entries: [
          { name: 'alpha', isGitRepo: false },
          { name: 'beta-repo', isGitRepo: true },
          { name: 'linked', isGitRepo: false },
        ],
      },
    });
  });

  it('shows dot-directories when asked', async () => {
    const listed = await fleet.call('folders.list', { path: tree, showHidden: true });
    expect(listed.ok && listed.value.entries.map((e) => e.name)).toEqual(['.hidden', 'alpha', 'beta-repo', 'linked']);
  });

  it('normalises the path and answers the root with no parent', async () => {
    const listed = await fleet.call('folders.list', { path: join(tree, 'alpha', 'inner', '..') });
    expect(listed.ok && listed.value.path).toBe(join(tree, 'alpha'));
    const root = await fleet.call('folders.list', { path: '/' });
    expect(root.ok && root.value.parent).toBeNull();
  });

  it("defaults to the server user's home", async () => {
    const listed = await fleet.call('folders.list', {});
    expect(listed.ok && listed.value.path).toBe(homedir());
  });

  it('refuses a relative path', async () => {
    const listed = await fleet.call('folders.list', { path: 'tree/alpha' });
    expect(listed).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('not an absolute path') } });
  });

  it('answers a missing folder or a file as path_not_found', async () => {
    expect(await fleet.call('folders.list', { path: join(tree, 'missing') })).toMatchObject({ ok: false, error: { code: 'path_not_found' } });
    expect(await fleet.call('folders.list', { path: join(tree, 'notes.txt') })).toMatchObject({ ok: false, error: { code: 'path_not_found' } });
  });

  // root reads any folder whatever its mode, so only another user can see the refusal.
  it.skipIf(process.getuid?.() === 0)('answers a folder it may not read as path_unreadable', async () => {
    const locked = join(tree, 'locked');
    mkdirSync(locked, { mode: 0o000 });
    try {
      expect(await fleet.call('folders.list', { path: locked })).toMatchObject({ ok: false, error: { code: 'path_unreadable' } });
    } finally {
      chmodSync(locked, 0o755);
    }
  });

  it('stops at the entry cap and says so', async () => {
    const crowded = join(tree, 'crowded');
    for (let i = 0; i <= FOLDER_ENTRIES_MAX; i++) mkdirSync(join(crowded, `d${String(i).padStart(5, '0')}`), { recursive: true });
    const listed = await fleet.call('folders.list', { path: crowded });
    expect(listed.ok && listed.value.entries.length).toBe(FOLDER_ENTRIES_MAX);
    expect(listed.ok && listed.value.truncated).toBe(true);
  });

  it('refuses a host when the fleet has none', async () => {
    expect(await fleet.call('folders.list', { path: tree, host: 'elsewhere' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
