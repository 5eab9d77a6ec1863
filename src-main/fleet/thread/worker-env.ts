/**
 * The environment of an agent worker process, built from an allow-list: never the fleet's own
 * environment less a deny-list, which misses whatever key the user exported for another tool
 * (PGPASSWORD, DATABASE_URL, AWS_SECRET_ACCESS_KEY). The worker's shell, and so every agent
 * command, inherits at most this; a variable the user wants agents to have is named in
 * settings.json (`agentEnv`).
 */
import { BASE_ENV_NAMES } from '../../terminal/base-env-names';

/**
 * The shared base (terminal/base-env-names.ts), and what else the worker's shell should find as
 * in the user's terminal: where the user's tools and their settings live (paths, not secrets;
 * without them a virtualenv or nvm behaves differently in the agent's shell than in the user's;
 * not XDG_RUNTIME_DIR, which holds the sockets of the keyring, D-Bus and the SSH agent), and on
 * Windows what Node and child processes need to start at all.
 */
const BASE_NAMES: readonly string[] = [
  ...BASE_ENV_NAMES,
  'PAGER',
  'XDG_CONFIG_HOME',
  'XDG_CACHE_HOME',
  'XDG_DATA_HOME',
  'XDG_STATE_HOME',
  'NVM_DIR',
  'PYENV_ROOT',
  'VIRTUAL_ENV',
  'PNPM_HOME',
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'TEMP',
  'TMP',
];

/** Knobs the worker itself reads (src-main/agent/worker-main.ts). */
const WORKER_KNOBS: readonly string[] = ['FLOTILLA_MODEL_IDLE_TIMEOUT_MS'];

function allowedByDefault(name: string): boolean {
  const upper = name.toUpperCase();
  return BASE_NAMES.includes(upper) || WORKER_KNOBS.includes(name) || upper.startsWith('LC_');
}

/** The user's `agentEnv` names with their values in `env`; names not set there are left out. */
export function agentEnvValues(env: Readonly<Record<string, string | undefined>>, names: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) values[name] = value;
  }
  return values;
}

/**
 * The worker's environment: the allow-list, then the user's agentEnv. Node (fork) and Electron
 * (utilityProcess) add the IPC plumbing they need (NODE_CHANNEL_FD, ...) themselves.
 */
export function workerEnvironment(env: Readonly<Record<string, string | undefined>>, agentEnv: Readonly<Record<string, string>>): Record<string, string> {
  const allowed: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && allowedByDefault(name)) allowed[name] = value;
  }
  return { ...allowed, ...agentEnv };
}
