/**
 * Running independent git work side by side, a few processes at a time: a git process is mostly
 * start-up, so two or three at once keep a small machine busy where one after another waits.
 */
import { availableParallelism } from 'node:os';

/**
 * How many git processes one operation runs at once: more than the cores, as each spends part of
 * its short life starting up and reading files rather than computing.
 */
export const GIT_CONCURRENCY = Math.min(8, Math.max(4, availableParallelism()));

/**
 * `task` for every item, at most `limit` at a time, results in the items' order. After a failure no
 * new task starts, and the first error is thrown only once the running ones have settled, so
 * nothing keeps running in the background after the caller has its answer.
 */
export async function mapLimit<T, R>(items: readonly T[], task: (item: T, index: number) => Promise<R>, limit = GIT_CONCURRENCY): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await task(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}

/** Both answers, side by side; when one fails, its error once the other has settled too (no stray process). */
export async function bothSettled<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}
