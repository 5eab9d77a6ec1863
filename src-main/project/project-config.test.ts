import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../git/test-support/temp-repo';
import { loadProjectEnv, ProjectConfigError } from './project-config';

let repo: string;
beforeEach(() => {
  repo = makeTempDir('flotilla-env-');
});
afterEach(() => removeTempDir(repo));

function write(file: string, value: unknown): void {
  mkdirSync(join(repo, file, '..'), { recursive: true });
  writeFileSync(join(repo, file), typeof value === 'string' ? value : JSON.stringify(value));
}

describe('flotilla.json', () => {
  it('reads every key, with lists normalised and the port block defaulted', async () => {
    write('flotilla.json', { setup: 'npm ci', teardown: ['docker compose down'], run: { dev: 'npm run dev' }, copy: ['.env', '.env.*.local'] });
    expect(await loadProjectEnv(repo)).toEqual({
      source: 'flotilla.json',
      setup: ['npm ci'],
      teardown: ['docker compose down'],
      run: { dev: 'npm run dev' },
      copy: ['.env', '.env.*.local'],
      ports: 10,
      notes: [],
    });
  });

  it('is empty where the repository has no file', async () => {
    expect(await loadProjectEnv(repo)).toMatchObject({ source: 'none', setup: [], teardown: [], run: {}, copy: [], ports: 10 });
  });

  it('names an unknown key, so a typo never turns setup off silently', async () => {
    write('flotilla.json', { setpu: 'npm ci' });
    const error = await loadProjectEnv(repo).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectConfigError);
    expect((error as Error).message).toMatch(/^flotilla\.json: unknown key "setpu" \(known keys: setup, teardown, run, copy, ports, setupTimeoutSeconds\)/);
  });

  it('names a key of the wrong type', async () => {
    write('flotilla.json', { ports: '10' });
    await expect(loadProjectEnv(repo)).rejects.toThrow(/flotilla\.json: "ports": .*number/);
    write('flotilla.json', { run: { dev: 3 } });
    await expect(loadProjectEnv(repo)).rejects.toThrow(/flotilla\.json: "run\.dev": /);
    write('flotilla.json', { ports: 0 });
    await expect(loadProjectEnv(repo)).rejects.toThrow(/"ports": /);
  });

  it('says when the file is not JSON', async () => {
    write('flotilla.json', '{ "setup": ');
    await expect(loadProjectEnv(repo)).rejects.toThrow(/^flotilla\.json: is not valid JSON/);
  });

  it('wins over a peer tool\'s file', async () => {
    write('flotilla.json', { setup: 'ours' });
    write('conductor.json', { scripts: { setup: 'theirs' } });
    expect(await loadProjectEnv(repo)).toMatchObject({ source: 'flotilla.json', setup: ['ours'] });
  });
});

describe("a peer tool's file", () => {
  it("reads Conductor's setup, run and archive, and says so", async () => {
    write('conductor.json', { scripts: { setup: 'npm ci', run: 'npm run dev', archive: 'rm -rf tmp' }, runScriptMode: 'concurrent' });
    const env = await loadProjectEnv(repo);
    expect(env).toMatchObject({ source: 'conductor.json', setup: ['npm ci'], teardown: ['rm -rf tmp'], run: { run: 'npm run dev' } });
    expect(env.notes[0]).toMatch(/Read setup and scripts from conductor\.json \(Conductor\)/);
    expect(env.notes[1]).toBe('Not used from conductor.json: runScriptMode.');
  });

  it("reads Superset's setup and teardown lists", async () => {
    write('.superset/config.json', { setup: ['bun install', 'bun run db:migrate'], teardown: ['docker-compose down'] });
    expect(await loadProjectEnv(repo)).toMatchObject({ source: '.superset/config.json', setup: ['bun install', 'bun run db:migrate'], teardown: ['docker-compose down'] });
  });

  it("reads emdash's scripts and preserve patterns", async () => {
    write('.emdash.json', { preservePatterns: ['.env', '.claude/**'], shellSetup: 'nvm use', scripts: { setup: 'pnpm i', teardown: 'pnpm clean' } });
    const env = await loadProjectEnv(repo);
    expect(env).toMatchObject({ source: '.emdash.json', setup: ['pnpm i'], teardown: ['pnpm clean'], copy: ['.env', '.claude/**'] });
    expect(env.notes[1]).toBe('Not used from .emdash.json: shellSetup.');
  });

  it('is an error naming the file when its shape is wrong', async () => {
    write('conductor.json', { scripts: { setup: ['not', 'a', 'string'] } });
    await expect(loadProjectEnv(repo)).rejects.toThrow(/^conductor\.json: "scripts\.setup": /);
  });

  it("reads the Codex app's environment.toml: setup, cleanup and this platform's actions", async () => {
    write(
      '.codex/environments/environment.toml',
      [
        'version = 1',
        'name = "demo"',
        '[setup]',
        "script = '''",
        'npm ci',
        "'''",
        '[cleanup]',
        'script = "rm -rf tmp"',
        '[[actions]]',
        'name = "Dev server"',
        'icon = "run"',
        'command = "npm run dev"',
        '[[actions]]',
        'name = "Mac only"',
        'command = "open ."',
        `platform = "${process.platform === 'darwin' ? 'win32' : 'darwin'}"`,
        '',
      ].join('\n'),
    );
    const env = await loadProjectEnv(repo);
    expect(env).toMatchObject({ source: '.codex/environments/environment.toml', setup: ['npm ci\n'], teardown: ['rm -rf tmp'], run: { 'Dev server': 'npm run dev' } });
    expect(env.notes[0]).toContain('(the Codex app)');
    expect(env.notes[1]).toMatch(/^Not used from \.codex\/environments\/environment\.toml: actions "Mac only" \(for (darwin|win32)\)\.$/);
  });

  it('says when a TOML file is not TOML', async () => {
    write('.codex/environments/environment.toml', '[setup\nscript = 1');
    await expect(loadProjectEnv(repo)).rejects.toThrow(/^\.codex\/environments\/environment\.toml: is not valid TOML/);
  });
});
