/**
 * Test support: runs the built Electron main (dist/main/app.cjs) under plain Node with `electron`
 * replaced by fake-electron.ts, and drives it as the renderer and the user would.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { waitFor } from '../../server/test-support/ws-test-client';
import type { FakeElectronCommand, FakeElectronReport } from './fake-electron';

const DIST = join(__dirname, '..', '..', '..', 'dist');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
}

/** A repository with one commit, at `<base>/repo`. */
export function makeRepo(base: string): string {
  const repo = join(base, 'repo');
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.email', 'app@flotilla.test');
  git(repo, 'config', 'user.name', 'App Test');
  writeFileSync(join(repo, 'README.md'), '# Sample\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'Initial commit');
  return repo;
}

/** Bundles the fake and a --require hook that hands it out for require('electron'). */
export function installFakeElectron(dir: string): string {
  const fake = join(dir, 'fake-electron.cjs');
  buildSync({ entryPoints: [join(__dirname, 'fake-electron.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: fake, logLevel: 'error' });
  const hook = join(dir, 'hook.cjs');
  writeFileSync(
    hook,
    `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? ${JSON.stringify(fake)} : resolve.call(this, request, ...rest);
};
`,
  );
  return hook;
}

export interface FakeElectronApp {
  process: ChildProcess;
  reports: FakeElectronReport[];
  exited: Promise<number | null>;
  send(command: FakeElectronCommand): void;
  /** A client API call through the IPC transport, as the preload's bridge makes it. */
  call(command: string, params: unknown): Promise<unknown>;
  /** Sends a command that the fake answers with a report of the same id, and waits for that report. */
  ask<T extends AnsweredType>(command: Omit<Extract<FakeElectronCommand, { type: T }>, 'id'> & { type: T }): Promise<AnswerTo[T]>;
}

type AnsweredType = 'fetch' | 'navigate' | 'windowOpen';
interface AnswerTo {
  fetch: Extract<FakeElectronReport, { type: 'response' }>;
  navigate: Extract<FakeElectronReport, { type: 'navigation' }>;
  windowOpen: Extract<FakeElectronReport, { type: 'windowOpen' }>;
}
const ANSWER_TYPE: Record<AnsweredType, FakeElectronReport['type']> = { fetch: 'response', navigate: 'navigation', windowOpen: 'windowOpen' };

export interface FakeElectronOptions {
  /** app.isPackaged, as in an installed app. */
  packaged?: boolean;
  /** More arguments on the app's command line. */
  args?: string[];
  /** Whether the OS asks for dark colours (nativeTheme.shouldUseDarkColors); default light. */
  darkOs?: boolean;
}

export function startFakeElectronApp(base: string, repo: string, options: FakeElectronOptions = {}): FakeElectronApp {
  const hook = installFakeElectron(base);
  const child = fork(join(DIST, 'main', 'app.cjs'), ['--repo', repo, ...(options.args ?? [])], {
    execArgv: ['--require', hook],
    env: { ...process.env, FLOTILLA_HOME: join(base, 'home'), FLOTILLA_DEMO: '1', FAKE_ELECTRON_PACKAGED: options.packaged ? '1' : '0', FAKE_ELECTRON_DARK: options.darkOs ? '1' : '0' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reports: FakeElectronReport[] = [];
  child.on('message', (message: FakeElectronReport) => reports.push(message));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let nextId = 1;
  const send = (command: FakeElectronCommand) => void child.send(command);
  const call = async (command: string, params: unknown): Promise<unknown> => {
    const id = nextId++;
    send({ type: 'call', id, command, params });
    await waitFor(() => reports.some((r) => r.type === 'result' && r.id === id), 30_000, `${command} result`);
    const found = reports.find((r) => r.type === 'result' && r.id === id);
    return found?.type === 'result' ? found.result : undefined;
  };
  const ask = async <T extends AnsweredType>(command: Omit<Extract<FakeElectronCommand, { type: T }>, 'id'> & { type: T }) => {
    const id = nextId++;
    send({ ...command, id } as FakeElectronCommand);
    const answer = () => reports.find((r) => r.type === ANSWER_TYPE[command.type] && 'id' in r && r.id === id);
    await waitFor(() => answer() !== undefined, 30_000, `the answer to ${command.type}`);
    return answer() as AnswerTo[T];
  };
  return { process: child, reports, exited, send, call, ask };
}
