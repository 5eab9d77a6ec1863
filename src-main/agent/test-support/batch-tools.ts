/** Test helpers for model answers with several tool calls: the answer, and a controllable exec_command. */
import type { DemoScript } from '../../demo/script';
import type { Tool } from '../tools/tool';
import { nextTick } from './agent-test-support';

type Step = DemoScript['responses'][number];

/** One answer with a short preamble and an exec_command call per command, in that order. */
export function batch(...cmds: string[]): Step {
  const calls = cmds.map((cmd) => ({ type: 'function_call' as const, name: 'exec_command', arguments: { cmd } }));
  return { output: [{ type: 'message', text: `Running ${cmds.length} commands.` }, ...calls] };
}

export interface Run {
  cmd: string;
  release(): void;
}

/**
 * exec_command that answers `ran <cmd>`; a command starting with "hold" waits for release() (or
 * the turn's abort). Counts how many run at once.
 */
export function execTool() {
  const runs: Run[] = [];
  let active = 0;
  let maxActive = 0;
  const tool: Tool = {
    definition: { kind: 'function', name: 'exec_command', description: 'Runs a command.', parameters: { type: 'object' } },
    run: (input, ctx) =>
      new Promise((resolve) => {
        const { cmd } = JSON.parse(input) as { cmd: string };
        active += 1;
        maxActive = Math.max(maxActive, active);
        const finish = (output: string) => {
          active -= 1;
          resolve(output);
        };
        runs.push({ cmd, release: () => finish(`ran ${cmd}`) });
        if (!cmd.startsWith('hold')) finish(`ran ${cmd}`);
        else ctx.signal.addEventListener('abort', () => finish('killed'));
      }),
  };
  return { tool, runs, maxActive: () => maxActive };
}

export async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await nextTick();
}

