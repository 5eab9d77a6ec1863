// Differential test: Codex's own apply_patch (the pinned @openai/codex binary, run as
// `apply_patch "$PATCH"`) and `flotilla apply-patch "$PATCH"` on identical fresh trees. Resulting
// trees, success or failure, and what each prints must match, except for the deliberate
// differences docs/apply-patch.md lists, which the cases name and check. Flotilla's side runs the
// command in-process (runCli, as main.ts does; a Node start per case would take most of a
// minute on a loaded machine), and a sample of cases also through the built CLI, which must print
// the same.
import { spawn } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/cli';
import { fakeContext } from '../../../cli/test-support/fake-context';
import { findCodexBinary, linkApplyPatch } from './test-support/codex-apply-patch';
import { DELIBERATE_CASES } from './test-support/deliberate-cases';
import { AGREEING_CASES, type DiffCase } from './test-support/differential-cases';
import { makeTempDir, readTree, removeDir, writeTree, type Tree } from './test-tree';

const CLI = path.join(__dirname, '..', '..', '..', '..', 'dist', 'main', 'cli.cjs');
const DIFF_CASES = [...AGREEING_CASES, ...DELIBERATE_CASES];
const PARALLEL = 6;
/** Every how many cases one also goes through the built CLI. */
const CLI_SAMPLE_EVERY = 12;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Everything under the case's side dir: the working dir is `work/`, so writes outside show. */
  tree: Tree;
}

function run(command: string, args: string[], cwd: string): Promise<Omit<Outcome, 'tree'>> {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

type Runner = (cwd: string) => Promise<Omit<Outcome, 'tree'>>;

const patchIn = (c: DiffCase, cwd: string) => c.patch.split('<cwd>').join(cwd);

const processRunner =
  (c: DiffCase, command: string, args: string[]): Runner =>
  (cwd) =>
    run(command, [...args, patchIn(c, cwd)], cwd);

const inProcessRunner =
  (c: DiffCase): Runner =>
  async (cwd) => {
    const ctx = fakeContext(cwd, undefined as never);
    const code = await runCli(['apply-patch', patchIn(c, cwd)], ctx);
    return { code, stdout: ctx.stdout.text(), stderr: ctx.stderr.text() };
  };

async function outcome(side: string, c: DiffCase, runner: Runner): Promise<Outcome> {
  const work = path.join(side, 'work');
  await mkdir(work, { recursive: true });
  await writeTree(work, c.before);
  for (const [file, bytes] of Object.entries(c.bytes ?? {})) await writeFile(path.join(work, file), Buffer.from(bytes));
  for (const [link, target] of Object.entries(c.links ?? {})) await symlink(target, path.join(work, link));
  const ran = await runner(work);
  // Codex names files by absolute path; both sides' messages are compared with it replaced.
  const clean = (text: string) => text.split(work).join('<cwd>');
  return { code: ran.code, stdout: clean(ran.stdout), stderr: clean(ran.stderr), tree: await readTree(side) };
}

async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

const prefixed = (tree: Tree): Tree => Object.fromEntries(Object.entries(tree).map(([file, text]) => [path.join('work', file), text]));

describe('apply_patch against Codex 0.169', () => {
  let root = '';
  const results = new Map<string, { codex: Outcome; flotilla: Outcome; built?: Outcome }>();

  beforeAll(async () => {
    const binary = findCodexBinary();
    if (binary instanceof Error) throw binary;
    root = await makeTempDir();
    const applyPatch = await linkApplyPatch(binary);
    await inPool(DIFF_CASES, PARALLEL, async (c) => {
      const index = DIFF_CASES.indexOf(c);
      const dir = path.join(root, String(index));
      const [codex, flotilla, built] = await Promise.all([
        outcome(path.join(dir, 'codex'), c, processRunner(c, applyPatch, [])),
        outcome(path.join(dir, 'flotilla'), c, inProcessRunner(c)),
        index % CLI_SAMPLE_EVERY === 0 ? outcome(path.join(dir, 'built'), c, processRunner(c, process.execPath, [CLI, 'apply-patch'])) : undefined,
      ]);
      results.set(c.name, { codex, flotilla, built });
    });
    await removeDir(path.dirname(applyPatch));
  });
  afterAll(() => removeDir(root));

  it('finds the pinned binary, and says how to install it when it is missing', () => {
    expect(findCodexBinary()).toEqual(expect.stringMatching(/codex(\.exe)?$/));
    const elsewhere = findCodexBinary({ from: path.join(root, 'nowhere.js') });
    expect(elsewhere).toBeInstanceOf(Error);
    expect((elsewhere as Error).message).toMatch(/@openai\/codex is not installed\. .*devDependency.*npm ci/);
    expect((findCodexBinary({ platform: 'aix', arch: 'ppc64' }) as Error).message).toMatch(/no binary for aix-ppc64\. .*npm ci/);
  });

  it('has 100+ distinct cases', () => {
    expect(DIFF_CASES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(DIFF_CASES.map((c) => c.name)).size).toBe(DIFF_CASES.length);
  });

  it('the built CLI prints and changes what the command does in-process', () => {
    const sampled = [...results.values()].filter((r) => r.built !== undefined);
    expect(sampled.length).toBeGreaterThanOrEqual(Math.floor(DIFF_CASES.length / CLI_SAMPLE_EVERY));
    for (const { flotilla, built } of sampled) expect(built).toEqual(flotilla);
  });

  for (const c of DIFF_CASES.filter((c) => c.deliberate === undefined)) {
    it(`agrees: ${c.name}`, () => {
      const { codex, flotilla } = results.get(c.name) ?? expect.fail('the case did not run');
      expect({ ...flotilla, code: flotilla.code === 0 ? 0 : 1 }).toEqual({ ...codex, code: codex.code === 0 ? 0 : 1 });
    });
  }

  for (const c of DIFF_CASES.filter((c) => c.deliberate !== undefined)) {
    const deliberate = c.deliberate as NonNullable<DiffCase['deliberate']>;
    it(`differs on purpose (${deliberate.why}): ${c.name}`, () => {
      const { codex, flotilla } = results.get(c.name) ?? expect.fail('the case did not run');
      const expected = deliberate.flotilla === 'fails-unchanged' ? c.before : deliberate.flotilla;
      expect(flotilla.tree).toEqual(prefixed(expected));
      expect(flotilla.code === 0).toBe(deliberate.flotilla !== 'fails-unchanged');
      // Still a real difference: were Codex to agree, the exception would be obsolete.
      expect(codex.tree).not.toEqual(flotilla.tree);
    });
  }
});
