import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../../git/test-support/temp-repo';
import { lowerPriority, spawnNodeWorker, WORKER_NICENESS } from './spawn-worker';

function exited(handle: ReturnType<typeof spawnNodeWorker>): Promise<[number | null, string | null]> {
  return new Promise((resolve) => handle.onExit((code, signal) => resolve([code, signal])));
}

describe('spawnNodeWorker', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('forks a process that talks over IPC and reports its exit', async () => {
    const entry = join(dir, 'echo.cjs');
    writeFileSync(entry, "process.on('message', (m) => { process.send({ echo: m }); process.exit(3); });");
    const handle = spawnNodeWorker(entry, { cwd: dir, env: { PATH: process.env.PATH ?? '' }, name: 'echo' });
    const message = new Promise((resolve) => handle.onMessage(resolve));
    const exit = exited(handle);
    handle.send({ id: '1', op: { type: 'interrupt' } });
    expect(await message).toEqual({ echo: { id: '1', op: { type: 'interrupt' } } });
    expect(await exit).toEqual([3, null]);
    // A listener added after the exit still hears about it.
    expect(await exited(handle)).toEqual([3, null]);
  });

  it('reports a process that could not start as an exit instead of crashing', async () => {
    const handle = spawnNodeWorker(join(dir, 'x.cjs'), { cwd: join(dir, 'gone'), env: {}, name: 'gone' });
    expect(await exited(handle)).toEqual([null, null]);
    expect(handle.pid).toBeUndefined();
  });

  it('runs the worker below the fleet\'s CPU priority, so the UI wins a busy machine', async () => {
    const entry = join(dir, 'wait.cjs');
    writeFileSync(entry, "process.on('message', () => process.exit(0));");
    const handle = spawnNodeWorker(entry, { cwd: dir, env: { PATH: process.env.PATH ?? '' }, name: 'wait' });
    const pid = handle.pid ?? -1;
    expect(getPriority(pid)).toBe(Math.min(19, getPriority() + WORKER_NICENESS));
    const exit = exited(handle);
    handle.send({ id: '1', op: { type: 'interrupt' } });
    await exit;
  });

  it('takes FLOTILLA_WORKER_NICENESS over the default, and 0 leaves the process alone', async () => {
    const entry = join(dir, 'idle.cjs');
    writeFileSync(entry, 'setTimeout(() => undefined, 60_000);');
    const children = [fork(entry), fork(entry)];
    try {
      const [zero, five] = children.map((c) => c.pid ?? -1) as [number, number];
      lowerPriority(zero, { FLOTILLA_WORKER_NICENESS: '0' });
      lowerPriority(five, { FLOTILLA_WORKER_NICENESS: '5' });
      expect([getPriority(zero), getPriority(five)]).toEqual([getPriority(), Math.min(19, getPriority() + 5)]);
    } finally {
      for (const child of children) child.kill('SIGKILL');
    }
  });
});
