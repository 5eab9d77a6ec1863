import { describe, expect, it } from 'vitest';
import { KeyedLock } from './keyed-lock';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('KeyedLock', () => {
  it('runs tasks of one key one at a time, in order, and other keys alongside', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const gate = deferred();
    const first = lock.run('repo', async () => {
      log.push('a start');
      await gate.promise;
      log.push('a end');
    });
    const second = lock.run('repo', async () => void log.push('b'));
    const other = lock.run('other', async () => void log.push('other'));
    await other;
    expect(log).toEqual(['a start', 'other']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(log).toEqual(['a start', 'other', 'a end', 'b']);
  });

  it('keeps going after a task fails, and passes the failure to its caller', async () => {
    const lock = new KeyedLock();
    const failed = lock.run('k', async () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    await expect(lock.run('k', async () => 42)).resolves.toBe(42);
  });
});
