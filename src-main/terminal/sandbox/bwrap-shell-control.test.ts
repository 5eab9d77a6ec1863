/**
 * Control of a shell that runs in bwrap: the pty's pid is bwrap's and the commands live in a PID
 * namespace of their own, yet the foreground group seen from outside must still be found for
 * pause/resume, Ctrl-C and SIGKILL, yielded commands must keep their session, and a command
 * issued meanwhile must get an extra session that is contained too.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signalCommandGroup } from '../../agent/process-control';
import { PtyShell } from '../pty-shell';
import { waitUntil } from '../test-support/shell-fixtures';
import { buildSandboxWrapper } from './sandbox-wrapper';
import { describeWithBwrap, makeFleetLikeFixture, type FleetLikeFixture } from './test-support/sandbox-test-support';

/** One-letter state of a process (R, S, T...), or null once it is gone. */
function state(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

/** Pids (as seen from outside) of the processes in group `pgid` other than its leader. */
function members(pgid: number): number[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,pgid='], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter(([pid, group]) => group === pgid && pid !== pgid)
    .map(([pid]) => pid as number);
}

describeWithBwrap('a shell in bwrap under control from outside', () => {
  let fixture: FleetLikeFixture;
  let shell: PtyShell;

  beforeAll(async () => {
    fixture = makeFleetLikeFixture();
    const wrapper = await buildSandboxWrapper(fixture.policy(), fixture.worktree);
    shell = await PtyShell.start({ cwd: fixture.worktree, wrapper: wrapper.argv });
  });

  afterAll(() => {
    shell?.dispose();
    fixture?.remove();
  });

  it('captures exactly a command’s output between the markers, and its exit code', async () => {
    const command = `printf 'a  b\\n'; echo "é 🙂" >&2; cat <<'EOF'\nline $x\nEOF\nexit 3`;
    expect(await shell.run(command)).toMatchObject({ exitCode: 3, output: 'a  b\né 🙂\nline $x\n' });
    expect((await shell.run('cat /proc/1/cmdline')).output).toContain('bwrap');
  });

  it('pauses and resumes the running command through its process group', async () => {
    const running = shell.run('sleep 1.5; echo resumed', { yieldTimeMs: 30_000 });
    await waitUntil(() => shell.runningProcessGroups().length === 1 && members(shell.runningProcessGroups()[0] as number).length > 0, 'the command to start');
    const group = shell.runningProcessGroups()[0] as number;
    const sleepers = members(group);
    signalCommandGroup(group, 'SIGSTOP');
    await waitUntil(() => sleepers.every((pid) => state(pid) === 'T'), 'the command to stop');
    signalCommandGroup(group, 'SIGCONT');
    await waitUntil(() => sleepers.every((pid) => state(pid) !== 'T'), 'the command to continue');
    expect(await running).toMatchObject({ exitCode: 0, output: 'resumed\n' });
  });

  it('interrupts with Ctrl-C, and kills a command that ignores it', async () => {
    for (const command of ['sleep 30', "trap '' INT; sleep 30; sleep 30"]) {
      const controller = new AbortController();
      const running = shell.run(command, { signal: controller.signal, yieldTimeMs: 60_000 });
      await waitUntil(() => shell.runningProcessGroups().length === 1, 'the command to start');
      const group = shell.runningProcessGroups()[0] as number;
      controller.abort();
      const result = await running;
      expect(result.exitCode, command).not.toBe(0);
      expect(result.durationMs).toBeLessThan(20_000);
      await waitUntil(() => members(group).length === 0, 'the group to be gone');
    }
    expect(await shell.run('echo usable')).toMatchObject({ exitCode: 0, output: 'usable\n' });
  });

  it('keeps a yielded command in its session and runs the next one in an extra session, contained too', async () => {
    const first = await shell.run('read line; echo "got $line"', { yieldTimeMs: 100 });
    expect(first.running).toBe(true);
    const second = await shell.run(`ls /proc | grep -c '^[0-9]'; echo x > ${fixture.repo}/planted`);
    expect(second.exitCode).not.toBe(0);
    expect(second.output).toMatch(/^[1-9]\n.*Read-only file system/s);
    expect(existsSync(join(fixture.repo, 'planted'))).toBe(false);
    const polled = await shell.pollSession(first.sessionId as number, { chars: 'hello\n', yieldTimeMs: 10_000 });
    expect(polled).toMatchObject({ running: false, exitCode: 0 });
    expect(polled.output).toContain('got hello');
  });

  it('takes every process of the sandbox with it when disposed', async () => {
    const wrapper = await buildSandboxWrapper(fixture.policy(), fixture.worktree);
    const other = await PtyShell.start({ cwd: fixture.worktree, wrapper: wrapper.argv });
    const yielded = await other.run('sleep 300', { yieldTimeMs: 100 });
    expect(yielded.running).toBe(true);
    const group = other.runningProcessGroups()[0] as number;
    const sleepers = members(group);
    expect(sleepers.length).toBeGreaterThan(0);
    other.dispose();
    await waitUntil(() => [other.pid, group, ...sleepers].every((pid) => state(pid) === null || state(pid) === 'Z'), 'the sandbox to be gone');
  });
});
