/**
 * Over the client API a demo script is a bundled name or a file inside <dataDir>/demo-scripts:
 * task.run's demoScript used to read any path and quote the file's first bytes in its error.
 */
import { linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinDemoScript } from '../demo/script';
import { makeTempDir, removeTempDir } from '../git/test-support/temp-repo';
import { resolveDemoScriptSpec, type DemoScriptSource } from './demo-script-source';
import { createFleetFixture, type FleetFixture } from './test-support/fleet-fixture';

const PRIVATE = 'PRIVATE-CONTENT-sk-live-0123456789';

describe('resolveDemoScriptSpec', () => {
  let root: string;
  let source: DemoScriptSource;
  let outside: string;
  beforeEach(() => {
    root = makeTempDir();
    source = { dir: join(root, 'data', 'demo-scripts'), commandLineScript: null };
    mkdirSync(source.dir!, { recursive: true });
    writeFileSync(join(source.dir!, 'mine.json'), JSON.stringify({ name: 'mine', responses: [] }));
    outside = join(root, 'secret.json');
    writeFileSync(outside, `${PRIVATE} is not JSON at all`);
  });
  afterEach(() => removeTempDir(root));

  const errorOf = async (spec: string, from = source) => {
    const result = await resolveDemoScriptSpec(spec, from);
    if (result.ok) throw new Error(`${spec} was accepted`);
    return result.error.message;
  };

  it('takes bundled names and files of the scripts folder, by name or by path', async () => {
    expect(await resolveDemoScriptSpec('slow', source)).toEqual({ ok: true, value: builtinDemoScript('slow') });
    expect(await resolveDemoScriptSpec('mine.json', source)).toMatchObject({ ok: true, value: { name: 'mine' } });
    expect(await resolveDemoScriptSpec(join(source.dir!, 'mine.json'), source)).toMatchObject({ ok: true, value: { name: 'mine' } });
  });

  it('refuses any other file, through a path, .., a symlink or a hard link, without quoting it', async () => {
    symlinkSync(outside, join(source.dir!, 'link.json'));
    linkSync(outside, join(source.dir!, 'hard.json'));
    for (const spec of [outside, '../../secret.json', 'link.json', '/etc/passwd']) {
      const message = await errorOf(spec);
      expect(message, spec).toContain(`is outside ${source.dir}`);
      expect(message, spec).not.toContain(PRIVATE);
    }
    expect(await errorOf('hard.json')).toBe(
      `Demo script hard.json is not a plain file of ${source.dir} (a folder, or a file with other hard links); copy the script in.`,
    );
    expect(await errorOf('nope.json')).toBe(`No demo script "nope.json": name a bundled script (default, slow) or a JSON file in ${source.dir}.`);
    // Without a scripts folder (a demo model made without one), only bundled names.
    expect(await errorOf(outside, { dir: null, commandLineScript: null })).toMatch(/^No demo script .*bundled script \(default, slow\)\.$/);
  });

  it('reads the path given on the command line wherever it is, and never quotes a file that is not JSON', async () => {
    const message = await errorOf(outside, { ...source, commandLineScript: outside });
    expect(message).toBe(`Invalid demo script ${outside}: not valid JSON`);
    writeFileSync(join(source.dir!, 'broken.json'), `{"name": "${PRIVATE}", oops`);
    expect(await errorOf('broken.json')).not.toContain(PRIVATE);
  });
});

describe('task.run demoScript over the client API', () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  it('does not reveal the first bytes of a file outside the data dir', async () => {
    const secret = join(fx.dir, 'id_rsa');
    writeFileSync(secret, `-----BEGIN OPENSSH PRIVATE KEY-----\n${PRIVATE}\n`);
    const fleet = await fx.openFleet({ forceDemo: true });
    const result = await fleet.handle('task.run', { repoPath: fx.repo, prompt: 'x', agents: 1, demoScript: secret });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(JSON.stringify(result)).not.toContain('BEGIN OPENSSH');
    expect(JSON.stringify(result)).toContain('demo-scripts');
  });
});
