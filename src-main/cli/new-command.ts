/**
 * `flotilla new`: starts a task on the running server and prints the new thread ids, one a line,
 * so a script can hand them to `watch`, `send` or `interrupt`.
 */
import { resolve } from 'node:path';
import { HELP_OPTION, UsageError, parseIntFlag, parseCommandArgs } from './args';
import type { CliContext, Command } from './context';
import { copyDemoScriptForServer } from './demo-script-copy';
import { dataDirFrom } from './paths';
import { reportError, withServer, type ServerClient } from './remote-session';
import { demoScriptArg } from './run-command';
import { AGENT_OPTION, AGENT_USAGE, agentKindsArg, codexSetupArg } from './agent-flag';
import { grantsFromFlags, SANDBOX_OPTIONS, SANDBOX_USAGE } from './sandbox-flags';

const USAGE = `Usage: flotilla new [--agents N] [--agent KIND] [--codex-setup WHOSE] [--repo DIR] [--demo-script FILE] [--network] [--allow-credentials LIST] "TASK"

Starts TASK with N agents on the Flotilla server running on this data dir and prints the id of
each new thread, one a line. The agents work on the server's repository (the one it was started
with, \`flotilla serve --repo DIR\`) unless --repo names another.

Options:
  --agents N           how many agents (default 4)
${AGENT_USAGE}
  --repo DIR           the git repository to work on
  --demo-script FILE   a demo script (demo mode only): a JSON file (copied into the server's
                       data dir, demo-scripts/), or the name of a bundled script
  --carry-changes      give each worktree your checkout's uncommitted changes (tracked and
                       untracked, not ignored); your checkout is left as it is
${SANDBOX_USAGE}
  -h, --help           show this help
`;

const OPTIONS = {
  ...HELP_OPTION,
  agents: { type: 'string' },
  ...AGENT_OPTION,
  repo: { type: 'string' },
  'demo-script': { type: 'string' },
  ...SANDBOX_OPTIONS,
  'carry-changes': { type: 'boolean' },
} as const;

const DEFAULT_AGENTS = 4;

export const newCommand: Command = {
  name: 'new',
  summary: 'Start a task on the running server; prints the new thread ids.',
  usage: USAGE,
  async run(argv, ctx) {
    const args = parseCommandArgs(argv, OPTIONS, USAGE, ctx.stdout, { positionals: true });
    if (!args) return 0;
    const { values, positionals } = args;
    const prompt = positionals.join(' ').trim();
    if (prompt === '') throw new UsageError('Say what the agents should do: flotilla new "TASK".');
    const agents = parseIntFlag('agents', values.agents, 0, 1_000_000) ?? DEFAULT_AGENTS;
    const script = values['demo-script'] === undefined ? null : copyDemoScriptForServer(dataDirFrom(ctx.env), demoScriptArg(ctx.cwd, values['demo-script']));
    if (script && !script.ok) {
      ctx.stderr.write(`${script.message}\n`);
      return 2;
    }
    const demoScript = script?.name ?? null;
    const repoArg = values.repo === undefined ? null : resolve(ctx.cwd, values.repo);
    const sandbox = grantsFromFlags(values);
    const agentKinds = agentKindsArg(values.agent);
    const codexSetup = codexSetupArg(values['codex-setup']);
    return withServer(ctx, async (client) => {
      const repo = await chooseRepo(client, ctx, repoArg);
      if (!repo.ok) return repo.exitCode;
      const carryChanges = values['carry-changes'] ?? false;
      const started = await client.call('task.run', { repoPath: repo.path, prompt, agents, demoScript, sandbox, carryChanges, ...(agentKinds ? { agentKinds } : {}), ...codexSetup });
      if (!started.ok) return reportError(ctx, started.error);
      for (const note of started.value.notes) ctx.stderr.write(`${note}\n`);
      for (const thread of started.value.threads) ctx.stdout.write(`${thread.id}\n`);
      return 0;
    });
  },
};

type RepoChoice = { ok: true; path: string } | { ok: false; exitCode: number };

/** --repo when given, else the repository the server was started with. */
async function chooseRepo(client: ServerClient, ctx: CliContext, repoArg: string | null): Promise<RepoChoice> {
  if (repoArg !== null) return { ok: true, path: repoArg };
  const info = await client.call('app.info', {});
  if (!info.ok) return { ok: false, exitCode: reportError(ctx, info.error) };
  if (info.value.initialRepo !== null) return { ok: true, path: info.value.initialRepo };
  ctx.stderr.write('The server was started without a repository; say which one with --repo DIR.\n');
  return { ok: false, exitCode: 2 };
}
