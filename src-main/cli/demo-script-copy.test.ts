import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoScriptsDir, resolveDemoScriptSpec } from '../fleet/demo-script-source';
import { makeTempDir, removeTempDir } from '../git/test-support/temp-repo';
import { copyDemoScriptForServer } from './demo-script-copy';

describe('flotilla new --demo-script FILE', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it("copies the file into the server's demo-scripts folder, where the server then finds it by name", async () => {
    const file = join(dir, 'my script.json');
    const script = JSON.stringify({ name: 'mine', responses: [] });
    writeFileSync(file, script);
    const dataDir = join(dir, 'home');
    const copied = copyDemoScriptForServer(dataDir, file);
    if (!copied.ok) throw new Error(copied.message);
    expect(copied.name).toMatch(/^my_script-[0-9a-f]{12}\.json$/);
    expect(readFileSync(join(demoScriptsDir(dataDir), copied.name), 'utf8')).toBe(script);
    expect(copyDemoScriptForServer(dataDir, file)).toEqual(copied);
    const source = { dir: demoScriptsDir(dataDir), commandLineScript: null };
    expect(await resolveDemoScriptSpec(copied.name, source)).toMatchObject({ ok: true, value: { name: 'mine' } });
  });

  it('passes a bundled name as it is and says when the file cannot be read', () => {
    expect(copyDemoScriptForServer(join(dir, 'home'), 'slow')).toEqual({ ok: true, name: 'slow' });
    const missing = copyDemoScriptForServer(join(dir, 'home'), join(dir, 'missing.json'));
    expect(!missing.ok && missing.message).toContain('Cannot read demo script');
  });
});
