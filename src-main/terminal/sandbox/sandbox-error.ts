/**
 * Why the agent's shell could not be contained. Fail closed: the worker reports this to the user
 * and starts no shell, never falling back to an unsandboxed one.
 */
export type SandboxErrorCode =
  /** The policy names a path that cannot be honoured (relative, missing, or rewirable by the agent). */
  | 'invalid_policy'
  /** The policy asks for a sandbox this machine does not offer. */
  | 'sandbox_unavailable'
  /** bwrap or sandbox-exec was there but the contained shell did not start. */
  | 'sandbox_failed';

export class SandboxError extends Error {
  constructor(
    readonly code: SandboxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}
