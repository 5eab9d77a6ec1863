/**
 * The environment of the worktree's shell: an allow-list, never the worker's environment less a
 * deny-list. A deny-list always misses a name (PGPASSWORD, DATABASE_URL, AWS_ACCESS_KEY_ID...);
 * here only what a shell and its tools need to behave goes in, plus the variables the user named
 * in settings (`agentEnv`). Everything the model runs sees this environment, so no key goes in
 * unless the user put it there. FLOTILLA_* stays out too unless named: it describes the fleet.
 */
import { BASE_ENV_NAMES } from '../terminal/base-env-names';

/**
 * The shared base (terminal/base-env-names.ts) and the colour switches tools read from the
 * terminal they run in. Proxy variables are not here: their URLs often carry a password.
 */
const ALLOWED_NAMES = new Set([...BASE_ENV_NAMES, 'NO_COLOR', 'FORCE_COLOR', 'CLICOLOR']);
const ALLOWED_PATTERN = /^LC_[A-Z]+$/;

/**
 * NODE_CHANNEL_FD names the IPC fd of a forked worker; a node program started in the shell would
 * try to adopt that fd as its own channel. The Electron flags would change how `electron` behaves.
 * Removed even when the user names them: they would break the shell, not configure it.
 */
const WORKER_PLUMBING = new Set([
  'NODE_CHANNEL_FD',
  'NODE_CHANNEL_SERIALIZATION_MODE',
  'NODE_UNIQUE_ID',
  'ELECTRON_RUN_AS_NODE',
  'ELECTRON_NO_ATTACH_CONSOLE',
]);

export interface AgentShellEnvOptions {
  /** The user's named variables with their values (WorkerConfig.agentEnv); they win. */
  agentEnv?: Readonly<Record<string, string>>;
  /** The sandbox's private temp dir (null: unsandboxed, the machine's own TMPDIR stays). */
  privateTmp?: string | null;
}

export function agentShellEnv(base: NodeJS.ProcessEnv, options: AgentShellEnvOptions = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && (ALLOWED_NAMES.has(name) || ALLOWED_PATTERN.test(name))) env[name] = value;
  }
  if (options.privateTmp) Object.assign(env, privateTmpEnv(options.privateTmp));
  for (const [name, value] of Object.entries(options.agentEnv ?? {})) env[name] = value;
  for (const name of WORKER_PLUMBING) delete env[name];
  return env;
}

/**
 * Inside the sandbox the home folder is read-only, so tools that write a cache there (npm, pip,
 * go, anything following XDG) would fail or retry on every command. Their caches go to the
 * sandbox's private temp dir instead: writable, thrown away with the shell, never shared.
 */
function privateTmpEnv(tmp: string): Record<string, string> {
  return {
    TMPDIR: tmp,
    XDG_CACHE_HOME: `${tmp}/.cache`,
    npm_config_cache: `${tmp}/.npm`,
  };
}
