/**
 * A command's schemas, built the first time either is read. Building every command's zod schemas
 * when the protocol is imported cost the renderer's start-up tens of milliseconds for commands it
 * may never call (merge, review, settings, terminals); built on first use, a client pays only for
 * the commands it uses. The entry has the same shape and types as `{ params, result }`.
 */
import type { z } from 'zod';

export interface CommandSchemas<P extends z.ZodType, R extends z.ZodType> {
  readonly params: P;
  readonly result: R;
}

export function lazyCommand<P extends z.ZodType, R extends z.ZodType>(build: () => { params: P; result: R }): CommandSchemas<P, R> {
  let built: { params: P; result: R } | undefined;
  const schemas = () => (built ??= build());
  return {
    get params() {
      return schemas().params;
    },
    get result() {
      return schemas().result;
    },
  };
}
