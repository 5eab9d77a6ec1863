/**
 * `flotilla hosts add|list|remove|check`: the remote machines Flotilla runs fleets on, over SSH.
 * `add` checks the host key (an unknown key is shown and must be accepted, as ssh does) and that
 * the key or agent gets in; `check` makes the host ready: node and git there, Flotilla's server
 * installed over SFTP and started, its API reached through the SSH connection.
 */
import { hostPortLabel, loadHosts, putHost, removeHost, type HostRecord } from '../remote/host-record';
import { knownHostsFiles } from '../remote/known-hosts';
import { connectSsh, type SshFailure } from '../remote/ssh-connect';
import { HELP_OPTION, UsageError, parseCommandArgs } from './args';
import type { CliContext, Command } from './context';
import { hostRecordFrom } from './host-destination';
import { homeFrom, openHostSession } from './host-session';
import { dataDirFrom } from './paths';

const USAGE = `Usage: flotilla hosts add NAME [DESTINATION] [--identity FILE] [--demo] [--accept-host-key FINGERPRINT]
       flotilla hosts list
       flotilla hosts remove NAME
       flotilla hosts check NAME

Remote hosts run a Flotilla server of their own, reached over SSH; other commands take
--host NAME to work there.

  add      records a host: DESTINATION is user@host[:port] or an alias from ~/.ssh/config
           (default: NAME). Authenticates with the SSH agent ($SSH_AUTH_SOCK) or --identity FILE;
           no password is ever stored. The host key is checked against known_hosts; an unknown
           one is shown and asked about (or accepted with --accept-host-key FINGERPRINT).
  list     shows the recorded hosts
  remove   forgets a host (its remote server and agents keep running)
  check    checks node and git on the host, installs or upgrades Flotilla's server there over
           SFTP, starts it (listening on the host's loopback only) and connects through SSH

Options:
  --identity FILE                a private key file to log in with (instead of the agent)
  --demo                         the host's agents run on the built-in demo model
  --accept-host-key FINGERPRINT  trust this host key (SHA256:...), as shown by a refusal
  -h, --help                     show this help
`;

const OPTIONS = {
  ...HELP_OPTION,
  identity: { type: 'string' },
  demo: { type: 'boolean' },
  'accept-host-key': { type: 'string' },
} as const;

export const hostsCommand: Command = {
  name: 'hosts',
  summary: 'Add, list, remove and check remote hosts (fleets over SSH).',
  usage: USAGE,
  async run(argv, ctx) {
    const args = parseCommandArgs(argv, OPTIONS, USAGE, ctx.stdout, { positionals: true });
    if (!args) return 0;
    const [action, name, destination, ...extra] = args.positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}".`);
    if (action === 'list') return list(ctx);
    if (name === undefined) throw new UsageError(action === undefined ? 'say what to do: add, list, remove or check.' : `hosts ${action} needs a host NAME.`);
    if (action === 'add') {
      const record = hostRecordFrom({ name, destination, identity: args.values.identity, demo: args.values.demo ?? false, home: homeFrom(ctx.env), cwd: ctx.cwd, env: ctx.env });
      return add(ctx, record, args.values['accept-host-key']);
    }
    if (action === 'remove') return remove(ctx, name);
    if (action === 'check') return check(ctx, name);
    throw new UsageError(`unknown action "${action}": add, list, remove or check.`);
  },
};

async function add(ctx: CliContext, record: HostRecord, acceptFingerprint: string | undefined): Promise<number> {
  const dataDir = dataDirFrom(ctx.env);
  const knownHosts = knownHostsFiles(dataDir, homeFrom(ctx.env));
  let opened = await connectSsh(record, { knownHosts, env: ctx.env, acceptFingerprint });
  if (!opened.ok && isUnknownKey(opened.failure) && acceptFingerprint === undefined && ctx.ask) {
    ctx.stderr.write(`${opened.failure.message}\n`);
    const answer = await ctx.ask('Trust this host key and connect? [y/N] ');
    if (/^y(es)?$/i.test(answer.trim())) opened = await connectSsh(record, { knownHosts, env: ctx.env, acceptFingerprint: opened.failure.verdict.fingerprint });
    else return fail(ctx, 'Not added: the host key was not accepted.');
  }
  if (!opened.ok) return fail(ctx, opened.failure.message);
  opened.ssh.end();
  putHost(dataDir, record);
  ctx.stdout.write(`Added host ${record.name}: ${describe(record)}.\nRun \`flotilla hosts check ${record.name}\` to install Flotilla's server there.\n`);
  return 0;
}

function isUnknownKey(failure: SshFailure): failure is Extract<SshFailure, { kind: 'host_key' }> & { verdict: { kind: 'unknown' } } {
  return failure.kind === 'host_key' && failure.verdict.kind === 'unknown';
}

function list(ctx: CliContext): number {
  const hosts = loadHosts(dataDirFrom(ctx.env));
  if (hosts.length === 0) ctx.stdout.write('No hosts yet. Add one with `flotilla hosts add NAME USER@HOST`.\n');
  const width = Math.max(0, ...hosts.map((host) => host.name.length));
  for (const host of hosts) ctx.stdout.write(`${host.name.padEnd(width)}  ${describe(host)}\n`);
  return 0;
}

function remove(ctx: CliContext, name: string): number {
  if (!removeHost(dataDirFrom(ctx.env), name)) return fail(ctx, `No host named "${name}" (\`flotilla hosts list\` shows them).`, 2);
  ctx.stdout.write(`Removed host ${name}. Its server, if one runs there, keeps running.\n`);
  return 0;
}

async function check(ctx: CliContext, name: string): Promise<number> {
  const session = await openHostSession(ctx, name);
  if (!session.ok) return fail(ctx, session.message, session.exitCode);
  const { connection } = session;
  try {
    const info = await connection.client.call('app.info', {});
    const server = connection.transport.server;
    const version = info.ok ? info.value.version : 'unknown';
    ctx.stdout.write(`Host ${name} is ready: Flotilla ${version} (install ${server?.installId ?? '?'}, pid ${server?.pid ?? '?'}) on the host's loopback, reached through SSH.\n`);
    return 0;
  } finally {
    connection.close();
  }
}

function describe(record: HostRecord): string {
  const auth = record.auth.kind === 'agent' ? 'SSH agent' : `key ${record.auth.path}`;
  return `${record.user}@${hostPortLabel(record.host, record.port)}, ${auth}${record.demo ? ', demo model' : ''}`;
}

function fail(ctx: CliContext, message: string, code = 1): number {
  ctx.stderr.write(`${message}\n`);
  return code;
}
