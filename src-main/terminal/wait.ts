/** Waiting on a promise with a deadline and an AbortSignal, cleaning up after itself. */

export type WaitOutcome = 'settled' | 'timeout' | 'aborted';

/** Which comes first: `promise` settling, `timeoutMs` passing, or `signal` aborting. */
export function waitFor(promise: Promise<unknown>, timeoutMs: number, signal?: AbortSignal): Promise<WaitOutcome> {
  if (signal?.aborted) return Promise.resolve('aborted');
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome: WaitOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = () => finish('aborted');
    const timer = setTimeout(() => finish('timeout'), Math.max(0, timeoutMs));
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      () => finish('settled'),
      () => finish('settled'),
    );
  });
}
