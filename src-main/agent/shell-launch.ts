/**
 * How a worker starts its worktree's shell: the sandbox wrapper built from `config.sandbox` and an
 * environment built from the allow-list plus `config.agentEnv`. One function, so a caller that has
 * an approval to run one command outside the sandbox can start that shell the same way, unwrapped.
 */
import type { WorkerConfig } from '../../src-shared/protocol/agent';
import type { SandboxKind } from '../../src-shared/protocol/sandbox';
import { PtyShell, type PtyShellOptions } from '../terminal/pty-shell';
import { SandboxError } from '../terminal/sandbox/sandbox-error';
import { buildSandboxWrapper, type SandboxWrapper, type WrapperDeps } from '../terminal/sandbox/sandbox-wrapper';
import { agentShellEnv } from './shell-env';

export interface ShellLaunch {
  /** The sandbox the shell really runs in. */
  kind: SandboxKind;
  options: PtyShellOptions;
  /** Removes what the sandbox made for this shell; call after the shell is disposed. */
  dispose(): void;
}

/** The contained shell, as `config.sandbox` says (unwrapped only when it is absent or 'none'). */
export async function sandboxedShellLaunch(config: WorkerConfig, deps: WrapperDeps = {}): Promise<ShellLaunch> {
  return launchWith(config, await buildSandboxWrapper(config.sandbox, config.worktreePath, deps));
}

/** The same shell without a sandbox: for an explicit, approved opt-out only. */
export function unsandboxedShellLaunch(config: WorkerConfig): ShellLaunch {
  return launchWith(config, { kind: 'none', argv: null, tmpDir: null, dispose: () => undefined });
}

function launchWith(config: WorkerConfig, wrapper: SandboxWrapper): ShellLaunch {
  const env = agentShellEnv(process.env, { agentEnv: config.agentEnv, privateTmp: wrapper.tmpDir });
  return { kind: wrapper.kind, options: { cwd: config.worktreePath, env, wrapper: wrapper.argv }, dispose: wrapper.dispose };
}

/** Starts the shell; a sandbox that will not start is reported as such, never retried without it. */
export async function startShell(launch: ShellLaunch): Promise<PtyShell> {
  try {
    return await PtyShell.start(launch.options);
  } catch (error) {
    launch.dispose();
    if (launch.kind === 'none') throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SandboxError('sandbox_failed', `The agent's sandbox (${launch.kind}) did not start, so no command can run: ${reason}`);
  }
}
