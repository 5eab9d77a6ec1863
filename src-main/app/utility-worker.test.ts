import type { ForkOptions, UtilityProcess } from 'electron';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Submission } from '../../src-shared/protocol/agent';
import { makeSpawnUtilityWorker } from './utility-worker';

class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = undefined;
  posted: unknown[] = [];
  kills = 0;
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  kill() {
    this.kills += 1;
    return true;
  }
}

function spawnFake() {
  const forks: { entry: string; args: string[]; options: ForkOptions; child: FakeUtilityProcess }[] = [];
  const spawn = makeSpawnUtilityWorker((entry, args, options) => {
    const child = new FakeUtilityProcess();
    forks.push({ entry, args, options, child });
    return child as unknown as UtilityProcess;
  });
  const handle = spawn('/dist/main/worker.cjs', { cwd: '/wt', env: { A: '1' }, name: 't1' });
  const fork = forks[0];
  if (!fork) throw new Error('fork was not called');
  return { handle, ...fork };
}

const op = (id: string): Submission => ({ id, op: { type: 'interrupt' } });

describe('utility process workers', () => {
  it('forks the entry with the cwd, env and a service name', () => {
    const { entry, args, options } = spawnFake();
    expect(entry).toBe('/dist/main/worker.cjs');
    expect(args).toEqual(['--flotilla-worker=t1']);
    expect(options).toMatchObject({ cwd: '/wt', env: { A: '1' }, serviceName: 'Flotilla agent t1' });
  });

  it('holds messages until the process spawns, then delivers them in order', () => {
    const { handle, child } = spawnFake();
    handle.send(op('1'));
    handle.send(op('2'));
    expect(child.posted).toEqual([]);
    child.pid = 99;
    child.emit('spawn');
    handle.send(op('3'));
    expect(child.posted).toEqual([op('1'), op('2'), op('3')]);
    expect(handle.pid).toBe(99);
  });

  it('forwards messages and the exit code, with disposers', () => {
    const { handle, child } = spawnFake();
    const messages: unknown[] = [];
    const exits: [number | null, string | null][] = [];
    const stop = handle.onMessage((m) => messages.push(m));
    handle.onExit((code, signal) => exits.push([code, signal]));
    child.emit('message', { id: 'a' });
    stop();
    child.emit('message', { id: 'b' });
    child.emit('exit', 3);
    expect(messages).toEqual([{ id: 'a' }]);
    expect(exits).toEqual([[3, null]]);
    handle.send(op('late'));
    handle.kill();
    expect(child.posted).toEqual([]);
    expect(child.kills).toBe(0);
  });

  it('kills with SIGTERM through the utility process', () => {
    const { handle, child } = spawnFake();
    child.emit('spawn');
    handle.kill();
    expect(child.kills).toBe(1);
  });
});
