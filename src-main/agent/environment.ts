/**
 * The real environment of a worker: the worktree's pty shell and the tools that act through it.
 * Tests of the loop can swap in their own; the worker always uses this one.
 */
import type { WorkerConfig } from '../../src-shared/protocol/agent';
import type { AgentEnvironment } from './configure';
import type { FunctionToolDefinition } from './providers/chat';
import { sandboxedShellLaunch, startShell } from './shell-launch';
import { APPLY_PATCH_FUNCTION_DEFINITION, createApplyPatchTool } from './tools/apply-patch-tool';
import { createExecCommandTool, createWriteStdinTool } from './tools/exec-command';
import type { ToolDefinition } from './tools/tool';
import { createUpdatePlanTool } from './tools/update-plan';

export async function createWorktreeEnvironment(config: WorkerConfig): Promise<AgentEnvironment> {
  // In every approval mode: the user's terminal and every agent command run in this shell.
  const launch = await sandboxedShellLaunch(config);
  const shell = await startShell(launch);
  const tools = [createExecCommandTool(shell, { timeoutMs: commandTimeoutMs(config) }), createWriteStdinTool(shell), createApplyPatchTool(), createUpdatePlanTool()];
  return {
    shellPath: shell.shellPath,
    sandbox: launch.kind,
    tools,
    functionForms: functionForms(APPLY_PATCH_FUNCTION_DEFINITION),
    runningProcessGroups: () => shell.runningProcessGroups(),
    dispose: () => {
      shell.dispose();
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
