/**
 * flotilla.json's `setup`, run in the new worktree's own terminal: typed into the agent's shell
 * (in its sandbox, visible in the Terminal tab) as the user would type it, before the agent
 * starts. The end is read from the output: a line the typed command prints with its exit code,
 * which the shell's echo of the typed line cannot match. Where setup stands is kept in the data
 * dir (`setup/<thread>.json`), so it runs once per worktree, also across restarts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkerTerminalMsg } from '../../../src-shared/protocol/agent';
import type { ThreadHost } from '../thread';

/** Output kept to find the end and to show as the failure's tail. */
const KEPT_CHARS = 64_000;
const TAIL_LINES = 15;
const END = /\[flotilla setup exit (\d+)\]/;

export type SetupOutcome = { ok: true; tail: string } | { ok: false; reason: string; tail: string };

export type SetupState = 'done' | 'failed' | 'skipped';

function statePath(dataDir: string, threadId: string): string {
  return join(dataDir, 'setup', `${threadId}.json`);
}

export function readSetupState(dataDir: string, threadId: string): SetupState | null {
  try {
    const parsed = JSON.parse(readFileSync(statePath(dataDir, threadId), 'utf8')) as { state?: unknown };
    return parsed.state === 'done' || parsed.state === 'failed' || parsed.state === 'skipped' ? parsed.state : null;
  } catch {
    return null;
  }
}

export function writeSetupState(dataDir: string, threadId: string, state: SetupState): void {
  mkdirSync(join(dataDir, 'setup'), { recursive: true, mode: 0o700 });
  writeFileSync(statePath(dataDir, threadId), `${JSON.stringify({ state })}\n`, { mode: 0o600 });
}

const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\r/g;

/** The last lines of what the setup printed, without terminal escapes and without the end line. */
function tailOf(output: string): string {
  const lines = output.replace(ESCAPES, '').split('\n');
  return lines.filter((line) => !END.test(line)).slice(-TAIL_LINES).join('\n').trim();
}

/** The commands as one line for the shell: each must succeed for the next to run. */
function typedLine(commands: readonly string[]): string {
  return `{ ${commands.join(' && ')} ; } ; printf '\\n[flotilla setup exit %s]\\n' "$?"\r`;
}

export function runSetupInShell(host: ThreadHost, commands: readonly string[], timeoutMs: number, signal: AbortSignal): Promise<SetupOutcome> {
  let output = '';
  return new Promise<SetupOutcome>((resolve) => {
    let untap = (): void => undefined;
    const finish = (outcome: SetupOutcome) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      untap();
      resolve(outcome);
    };
    const stop = (reason: string) => {
      host.worktree.typeInShell('\u0003', () => undefined)();
      finish({ ok: false, reason, tail: tailOf(output) });
    };
    const onAbort = () => stop('cancelled');
    const timer = setTimeout(() => stop(`it ran longer than ${Math.round(timeoutMs / 1000)} s and was stopped`), timeoutMs);
    timer.unref();
    signal.addEventListener('abort', onAbort, { once: true });
    untap = host.worktree.typeInShell(typedLine(commands), (msg: WorkerTerminalMsg) => {
      if (msg.type !== 'output') return;
      output = (output + msg.data).slice(-KEPT_CHARS);
      const end = END.exec(output.replace(ESCAPES, ''));
      if (!end) return;
      const code = Number(end[1]);
      finish(code === 0 ? { ok: true, tail: tailOf(output) } : { ok: false, reason: `it exited with code ${code}`, tail: tailOf(output) });
    });
  });
}
