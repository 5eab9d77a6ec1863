/**
 * The layer rules of eslint.config.mjs, tried on the imports they exist to refuse: if a rule is
 * loosened or a pattern stops matching, this fails instead of the boundary quietly going away.
 */
import { ESLint } from 'eslint';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const results = await eslint.lintText(code, { filePath: join(root, filePath) });
  return results.flatMap((r) => r.messages).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const importOf = (spec: string) => `import { thing } from '${spec}';\nexport const used = thing;\n`;

describe('layer boundaries', () => {
  it('refuses test support and bench harnesses in production code, anywhere', async () => {
    expect(await restrictedImports('src-main/cli/probe.ts', importOf('../fleet/test-support/samples'))).toHaveLength(1);
    expect(await restrictedImports('src-main/app/probe.ts', importOf('./test-support/fake-electron'))).toHaveLength(1);
    expect(await restrictedImports('src-renderer/probe.ts', importOf('./test-support/fake-client'))).toHaveLength(1);
    expect(await restrictedImports('src-main/git/probe.ts', importOf('./bench/diff-bench'))).toHaveLength(1);
  });

  it('lets tests and test support use it', async () => {
    expect(await restrictedImports('src-main/cli/probe.test.ts', importOf('../fleet/test-support/samples'))).toEqual([]);
    expect(await restrictedImports('src-main/server/test-support/probe.ts', importOf('../../fleet/test-support/samples'))).toEqual([]);
  });

  it('lets code outside a fleet room in only through its door', async () => {
    expect(await restrictedImports('src-main/cli/probe.ts', importOf('../fleet/thread/thread-host'))).toHaveLength(1);
    expect(await restrictedImports('src-main/fleet/api/probe.ts', importOf('../thread/thread-host'))).toHaveLength(1);
    expect(await restrictedImports('src-main/fleet/probe.test.ts', importOf('./settings/settings'))).toHaveLength(1);
    expect(await restrictedImports('src-main/fleet/api/probe.ts', importOf('../thread'))).toEqual([]);
    expect(await restrictedImports('src-main/fleet/thread/probe.ts', importOf('./thread-host'))).toEqual([]);
  });

  it('keeps electron in src-main/app and platform code out of src-shared and the renderer', async () => {
    expect(await restrictedImports('src-main/fleet/probe.ts', importOf('electron'))).toHaveLength(1);
    expect(await restrictedImports('src-main/app/probe.ts', importOf('electron'))).toEqual([]);
    expect(await restrictedImports('src-shared/probe.ts', importOf('node:fs'))).toHaveLength(1);
    expect(await restrictedImports('src-renderer/probe.ts', importOf('../src-main/fleet/fleet'))).toHaveLength(1);
  });
});
