/**
 * The environment of the worktree's shell: the worker's own, minus secrets and minus the
 * plumbing of the worker process itself. Everything the model runs sees this, so no key goes in.
 */

/** Names that look like credentials. The model's key never travels in env anyway; this is defence. */
const SECRET_NAME = /(^|_)(API_?KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIALS?|PRIVATE_KEY)(_|$)/i;

/**
 * NODE_CHANNEL_FD names the IPC fd of a forked worker; a node program started in the shell would
 * try to adopt that fd as its own channel. The Electron flags would change how `electron` behaves.
 */
const WORKER_PLUMBING = new Set([
  'NODE_CHANNEL_FD',
  'NODE_CHANNEL_SERIALIZATION_MODE',
  'NODE_UNIQUE_ID',
  'ELECTRON_RUN_AS_NODE',
  'ELECTRON_NO_ATTACH_CONSOLE',
]);

export function cleanShellEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || SECRET_NAME.test(name) || WORKER_PLUMBING.has(name)) continue;
    clean[name] = value;
  }
  return clean;
}
