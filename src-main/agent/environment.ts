/**
 * The real environment of a worker: the worktree's pty shell and the tools that act through it.
 * Tests of the loop can swap in their own; the worker always uses this one.
 */
import type { WorkerConfig } from '../../src-shared/protocol/agent';
import type { AgentEnvironment } from './configure';
import type { FunctionToolDefinition } from './providers/chat';
import { sandboxedShellLaunch, startShell, unsandboxedShellLaunch } from './shell-launch';
import { APPLY_PATCH_FUNCTION_DEFINITION, createApplyPatchTool } from './tools/apply-patch-tool';
import { createExecCommandTool, createWriteStdinTool } from './tools/exec-command';
import type { ToolDefinition } from './tools/tool';
import { UnsandboxedShell } from './tools/unsandboxed-shell';
import { createUpdatePlanTool } from './tools/update-plan';

export async function createWorktreeEnvironment(config: WorkerConfig): Promise<AgentEnvironment> {
  // In every approval mode: the user's terminal and every agent command run in this shell.
  const launch = await sandboxedShellLaunch(config);
  const shell = await startShell(launch);
  // A command the sandbox blocks may run once more outside it, if the user approves (exec-escalation.ts).
  const outside = new UnsandboxedShell(config.worktreePath, unsandboxedShellLaunch(config).options.env ?? {});
  const escape = launch.kind !== 'none' ? { unsandboxed: outside.escape(config.sandbox?.network ?? false) } : {};
  const exec = createExecCommandTool(shell, { timeoutMs: commandTimeoutMs(config), ...escape });
  const tools = [exec, createWriteStdinTool(shell), createApplyPatchTool(), createUpdatePlanTool()];
  return {
    shellPath: shell.shellPath,
    sandbox: launch.kind,
    tools,
    functionForms: functionForms(APPLY_PATCH_FUNCTION_DEFINITION),
    runningProcessGroups: () => [...shell.runningProcessGroups(), ...outside.runningProcessGroups()],
    terminal: shell,
    dispose: () => {
      shell.dispose();
      outside.dispose();
      launch.dispose();
    },
  };
}

function commandTimeoutMs(config: WorkerConfig): number | undefined {
  return config.commandTimeoutSeconds === undefined ? undefined : config.commandTimeoutSeconds * 1000;
}

function functionForms(...definitions: ToolDefinition[]): Record<string, FunctionToolDefinition> {
  const forms: Record<string, FunctionToolDefinition> = {};
  for (const definition of definitions) if (definition.kind === 'function') forms[definition.name] = definition;
  return forms;
}
