/**
 * `flotilla serve`: the fleet plus the headless server, until SIGINT, SIGTERM, SIGHUP or its parent's exit. The URL line is
 * the contract with scripts and the e2e suite: `Flotilla is listening on http://HOST:PORT/?token=...`.
 */
import { resolve } from 'node:path';
import type { FleetService } from '../fleet/fleet-service';
import { newToken } from '../server/auth';
import { startServer, type RunningServer } from '../server/server';
import { HELP_OPTION, parseIntFlag, parseCommandArgs } from './args';
import type { CliContext, Command } from './context';
import { cliFleetOptions, errorMessage } from './fleet-options';
import { builtPaths } from './paths';
import { printSandboxLine } from './sandbox-flags';
import { removeServerFile, writeServerFile } from './server-file';
import { serveWithHosts } from './serve-hosts';

const USAGE = `Usage: flotilla serve [--repo DIR] [--host HOST] [--port N] [--demo] [--detached] [--with-hosts]

Starts the headless server: the Flotilla UI and its API on one port, for a browser on this
machine or, through an SSH tunnel, on another. Prints the URL to open, which carries a random
access token, and runs until interrupted (Ctrl-C, SIGTERM, or SIGHUP when its terminal closes) or
until the process that started it (say, npx) has gone.

Options:
  --repo DIR    open this repository for the user at start
  --host HOST   address to bind (default 127.0.0.1; anything else is reachable from the network)
  --port N      port to listen on (default 0: any free port)
  --demo        run agents on the built-in scripted demo model
  --detached    outlive the terminal and the process that started it (nohup, setsid)
  --with-hosts  also show the threads of every remote host (\`flotilla hosts\`), over SSH
  -h, --help    show this help
`;

const OPTIONS = {
  ...HELP_OPTION,
  repo: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  demo: { type: 'boolean' },
  detached: { type: 'boolean' },
  'with-hosts': { type: 'boolean' },
} as const;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Start the headless server and print the URL to open in a browser.',
  usage: USAGE,
  async run(argv, ctx) {
    const args = parseCommandArgs(argv, OPTIONS, USAGE, ctx.stdout, { positionals: false });
    if (!args) return 0;
    const { values } = args;
    const port = parseIntFlag('port', values.port, 0, 65535) ?? 0;
    const host = values.host ?? '127.0.0.1';
    const initialRepo = values.repo === undefined ? null : resolve(ctx.cwd, values.repo);
    // Made before the fleet, which redacts it like a key from everything it logs or sends.
    const token = newToken();
    const options = { ...cliFleetOptions(ctx, { demo: values.demo ?? false, initialRepo }), serverToken: token };
    const fleet = await ctx.createFleet(options);
    if (initialRepo !== null) {
      const opened = await fleet.call('repo.open', { path: initialRepo });
      if (!opened.ok) return failWith(ctx, fleet, opened.error.message, 2);
    }
    // With --with-hosts the server sees every host's threads too; disposing it closes their connections.
    const hosts = values['with-hosts'] ? serveWithHosts(ctx, fleet) : null;
    const served: FleetService = hosts ? { ...hosts.fleet, dispose: async () => (hosts.close(), hosts.fleet.dispose()) } : fleet;
    let server: RunningServer;
    try {
      server = await startServer({ fleet: served, host, port, token, rendererDir: builtPaths(ctx.bundleDir).rendererDir });
    } catch (error) {
      return failWith(ctx, served, `Could not listen on ${host}:${port}: ${errorMessage(error)}`, 1);
    }
    return serveUntilSignal(ctx, served, server, options.dataDir, values.detached ?? false);
  },
};

async function serveUntilSignal(ctx: CliContext, fleet: FleetService, server: RunningServer, dataDir: string, detached: boolean): Promise<number> {
  // SIGHUP: the terminal it ran in closed.
  const signal = ctx.waitForSignal(detached ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP']);
  let parentGone = (): void => undefined;
  const orphaned = new Promise<'orphaned'>((resolve) => (parentGone = () => resolve('orphaned')));
  const stopWatching = (detached ? undefined : ctx.whenParentGone?.(parentGone)) ?? (() => undefined);
  writeServerFile(dataDir, { url: server.url, token: server.token, pid: ctx.pid });
  ctx.stdout.write(`Flotilla is listening on ${server.url}\n`);
  // On stderr: stdout's URL line is what scripts read.
  await printSandboxLine(fleet, ctx.stderr);
  try {
    const reason = await Promise.race([signal.promise, orphaned]);
    // An orphan's stderr may be a pipe no one reads any more: a write there would end the process
    // (EPIPE) before it cleans up.
    if (reason !== 'orphaned') ctx.stderr.write('Stopping Flotilla: shutting down agents...\n');
    await server.close();
    await fleet.dispose();
  } finally {
    stopWatching();
    signal.dispose();
    removeServerFile(dataDir, ctx.pid);
  }
  return 0;
}

async function failWith(ctx: CliContext, fleet: FleetService, message: string, code: number): Promise<number> {
  ctx.stderr.write(`${message}\n`);
  await fleet.dispose();
  return code;
}
