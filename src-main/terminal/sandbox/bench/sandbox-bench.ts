/**
 * What the sandbox costs per command: the same commands through a bwrap-wrapped PtyShell and an
 * unwrapped one, in one run, rounds interleaved (so load on the machine falls on both alike),
 * reported as medians and their ratio. Also the cost of starting a shell, paid once per thread
 * and once per extra session (a command issued while another one is yielded).
 */
import { agentShellEnv } from '../../../agent/shell-env';
import { PtyShell, type PtyShellOptions } from '../../pty-shell';
import { makeFleetLikeFixture } from '../sandbox-fixture';
import { buildSandboxWrapper } from '../sandbox-wrapper';
import { processAlive } from '../../process-group';

export interface BenchRow {
  name: string;
  plainMs: number;
  sandboxedMs: number;
  ratio: number;
}

export interface SandboxBenchResult {
  rounds: number;
  rows: BenchRow[];
}

const COMMANDS = [
  { name: '`true`', command: 'true' },
  { name: '`git status` in a worktree', command: 'git status --porcelain' },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await action();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function runChecked(shell: PtyShell, command: string): Promise<void> {
  const result = await shell.run(command, { yieldTimeMs: 60_000 });
  if (result.exitCode !== 0) throw new Error(`${command} failed in the bench: ${result.output}`);
}

/** Alternates which of the pair goes first, so neither always runs on a warmer cache. */
async function interleaved(rounds: number, plain: () => Promise<unknown>, sandboxed: () => Promise<unknown>) {
  const times = { plain: [] as number[], sandboxed: [] as number[] };
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2) {
      times.sandboxed.push(await timed(sandboxed));
      times.plain.push(await timed(plain));
    } else {
      times.plain.push(await timed(plain));
      times.sandboxed.push(await timed(sandboxed));
    }
  }
  return { plainMs: median(times.plain), sandboxedMs: median(times.sandboxed) };
}

function row(name: string, times: { plainMs: number; sandboxedMs: number }): BenchRow {
  return { name, ...times, ratio: times.sandboxedMs / times.plainMs };
}


/**
 * Dispose, then make sure: an unwrapped bash hung up right after its first prompt sometimes
 * outlives the SIGHUP, and its pty would keep the bench process from exiting.
 */
async function close(shell: PtyShell): Promise<void> {
  const { pid } = shell;
  shell.dispose();
  const deadline = Date.now() + 2000;
  while (processAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  if (processAlive(pid)) process.kill(pid, 'SIGKILL');
}

export async function runSandboxBench(options: { rounds?: number; startRounds?: number } = {}): Promise<SandboxBenchResult> {
  const rounds = options.rounds ?? 200;
  const fixture = makeFleetLikeFixture();
  const wrapper = await buildSandboxWrapper(fixture.policy(), fixture.worktree);
  const plainOptions: PtyShellOptions = { cwd: fixture.worktree, env: agentShellEnv(process.env), wrapper: null };
  const sandboxedOptions: PtyShellOptions = { cwd: fixture.worktree, env: agentShellEnv(process.env, { privateTmp: wrapper.tmpDir }), wrapper: wrapper.argv };
  const plain = await PtyShell.start(plainOptions);
  const sandboxed = await PtyShell.start(sandboxedOptions);
  try {
    const rows: BenchRow[] = [];
    for (const { name, command } of COMMANDS) {
      await interleaved(5, () => runChecked(plain, command), () => runChecked(sandboxed, command));
      rows.push(row(name, await interleaved(rounds, () => runChecked(plain, command), () => runChecked(sandboxed, command))));
    }
    const started: PtyShell[] = [];
    const startOnce = (shellOptions: PtyShellOptions) => async () => started.push(await PtyShell.start(shellOptions));
    rows.push(row('starting a shell (per thread, per extra session)', await interleaved(options.startRounds ?? 20, startOnce(plainOptions), startOnce(sandboxedOptions))));
    await Promise.all(started.map(close));
    return { rounds, rows };
  } finally {
    plain.dispose();
    sandboxed.dispose();
    wrapper.dispose();
    fixture.remove();
  }
}
