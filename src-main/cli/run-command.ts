/**
 * `flotilla run`: one task, N agents, headless. Live progress on stderr; at the end one line per
 * agent on stdout (or, with --json, every thread event as a JSON line and nothing else).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AGENT_OPTION, AGENT_USAGE, agentKindsArg, codexSetupArg } from './agent-flag';
import { HELP_OPTION, UsageError, parseIntFlag, parseCommandArgs } from './args';
import type { Command } from './context';
import { cliFleetOptions } from './fleet-options';
import { hostTaskFleet, openHostSession } from './host-session';
import { runTask } from './run-task';
import { grantsFromFlags, printSandboxLine, SANDBOX_OPTIONS, SANDBOX_USAGE } from './sandbox-flags';

const USAGE = `Usage: flotilla run --repo DIR [--agents N] [--agent KIND] [--codex-setup WHOSE] [--demo] [--demo-script FILE] [--network] [--allow-credentials LIST] [--json] "TASK"

Runs TASK with N agents in parallel, each on its own branch in its own git worktree, shows their
progress, and prints one line per agent when all have finished:
  <branch>  <status>  <files> files  +<added> -<deleted>

Exits 0 when every agent finished its work, 1 when any failed or was interrupted, 2 on a usage
error or a task that could not start, 130 on Ctrl-C (which interrupts every agent).

Options:
  --repo DIR           the git repository to work on (required)
  --agents N           how many agents (default 4)
${AGENT_USAGE}
  --demo               run agents on the built-in scripted demo model
  --demo-script FILE   a demo script: a JSON file, or the name of a bundled script
  --json               print every event of the task's threads as one JSON line on stdout
  --carry-changes      give each worktree your checkout's uncommitted changes (tracked and
                       untracked, not ignored); your checkout is left as it is
${SANDBOX_USAGE}
  -h, --help           show this help

Agents run in full auto, contained by the sandbox (bubblewrap on Linux, sandbox-exec on macOS).
Where none works, run refuses to start unless settings.json has "allowUnsandboxed": true.
`;

const OPTIONS = {
  ...HELP_OPTION,
  repo: { type: 'string' },
  agents: { type: 'string' },
  ...AGENT_OPTION,
  demo: { type: 'boolean' },
  'demo-script': { type: 'string' },
  json: { type: 'boolean' },
  ...SANDBOX_OPTIONS,
  'carry-changes': { type: 'boolean' },
} as const;

const DEFAULT_AGENTS = 4;

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a task with N agents, headless, and report each branch.',
  usage: USAGE,
  async run(argv, ctx) {
    const args = parseCommandArgs(argv, OPTIONS, USAGE, ctx.stdout, { positionals: true });
    if (!args) return 0;
    const { values, positionals } = args;
    if (values.repo === undefined) throw new UsageError('--repo DIR is required: the repository the agents work on.');
    const prompt = positionals.join(' ').trim();
    if (prompt === '') throw new UsageError('Say what the agents should do: flotilla run --repo DIR "TASK".');
    const agents = parseIntFlag('agents', values.agents, 0, 1_000_000) ?? DEFAULT_AGENTS;
    const demoScript = values['demo-script'] === undefined ? null : demoScriptArg(ctx.cwd, values['demo-script']);
    const sandbox = grantsFromFlags(values);
    // Checked before anything starts: a bad value is a usage error, not a fleet started for nothing.
    const agentKinds = agentKindsArg(values.agent);
    const agentChoice = { ...(agentKinds ? { agentKinds } : {}), ...codexSetupArg(values['codex-setup']) };
    if (ctx.host !== undefined) {
      // On a host, its server's fleet runs the agents: its own settings (or `hosts add --demo`) pick the model.
      if (demoScript !== null && demoScript.includes('/')) throw new UsageError('--demo-script FILE is not sent to a host; name a bundled script instead.');
      const session = await openHostSession(ctx, ctx.host);
      if (!session.ok) {
        ctx.stderr.write(`${session.message}\n`);
        return session.exitCode;
      }
      const remote = { repoPath: values.repo, prompt, agents, demoScript, approvalMode: 'full-auto' as const, sandbox, ...agentChoice };
      return runTask(ctx, hostTaskFleet(session.connection), remote, values.json === true);
    }
    // The in-process fleet reads the file the user named wherever it is; a client's scripts come only from the data dir.
    const options = { ...cliFleetOptions(ctx, { demo: values.demo === true || demoScript !== null, initialRepo: null }), commandLineDemoScript: demoScript };
    const fleet = await ctx.createFleet(options);
    await printSandboxLine(fleet, ctx.stderr);
    // Headless, nobody can answer an approval request, so nothing asks (as `codex exec`).
    const params = {
      repoPath: resolve(ctx.cwd, values.repo),
      prompt,
      agents,
      demoScript,
      approvalMode: 'full-auto' as const,
      sandbox,
      ...agentChoice,
      ...(values['carry-changes'] ? { carryChanges: true } : {}),
    };
    return runTask(ctx, fleet, params, values.json === true);
  },
};

/** A path (anything that exists, or looks like a file) is made absolute; otherwise it names a bundled script. */
export function demoScriptArg(cwd: string, value: string): string {
  const path = resolve(cwd, value);
  const looksLikePath = value.includes('/') || value.includes('\\') || value.endsWith('.json');
  return looksLikePath || existsSync(path) ? path : value;
}
