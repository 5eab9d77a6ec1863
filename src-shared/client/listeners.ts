/** A set of listeners that can be added to and removed from while being told. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  has(listener: (value: T) => void): boolean {
    return this.set.has(listener);
  }

  tell(value: T): void {
    for (const listener of [...this.set]) listener(value);
  }
}

/** Runs `job` after the current call stack, like queueMicrotask, which src-shared's lib lacks. */
export function soon(job: () => void): void {
  void Promise.resolve().then(job);
}
