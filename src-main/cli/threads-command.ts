/**
 * `flotilla threads`: every thread of the running server, as an aligned table or (--json) the
 * summaries array exactly as the API returns it.
 */
import type { ThreadSummary } from '../../src-shared/domain/thread';
import { HELP_OPTION, parseCommandArgs } from './args';
import type { Command } from './context';
import { formatTokens } from './format';
import { reportError, withServer } from './remote-session';

const USAGE = `Usage: flotilla threads [--json]

Lists the threads of the Flotilla server running on this data dir ($FLOTILLA_HOME, default
~/.flotilla): id, agent, status, branch, what it is doing, tokens used and lines changed.

Options:
  --json      print the thread summaries as a JSON array
  -h, --help  show this help
`;

const OPTIONS = { ...HELP_OPTION, json: { type: 'boolean' } } as const;

export const threadsCommand: Command = {
  name: 'threads',
  summary: 'List the threads of the running server.',
  usage: USAGE,
  async run(argv, ctx) {
    const args = parseCommandArgs(argv, OPTIONS, USAGE, ctx.stdout, { positionals: false });
    if (!args) return 0;
    const { values } = args;
    return withServer(ctx, async (client) => {
      const listed = await client.call('threads.list', {});
      if (!listed.ok) return reportError(ctx, listed.error);
      if (values.json) ctx.stdout.write(`${JSON.stringify(listed.value, null, 2)}\n`);
      else if (listed.value.length === 0) ctx.stdout.write('No threads yet. Start some with `flotilla new "TASK"`.\n');
      else for (const line of threadTable(listed.value)) ctx.stdout.write(`${line}\n`);
      return 0;
    });
  },
};

const HEADERS = ['ID', 'AGENT', 'STATUS', 'BRANCH', 'ACTIVITY', 'TOKENS', '+/-'] as const;
const MAX_ACTIVITY = 48;

/** A header row and one row per thread; columns padded to their widest cell, numbers right-aligned. */
export function threadTable(threads: readonly ThreadSummary[]): string[] {
  const rows = threads.map((t) => [
    t.id,
    `#${t.agentIndex}`,
    t.status,
    t.branch,
    clip(t.error ?? t.activity, MAX_ACTIVITY),
    formatTokens(t.usage.inputTokens + t.usage.outputTokens),
    t.diffStat ? `+${t.diffStat.additions} -${t.diffStat.deletions}` : '-',
  ]);
  const all = [[...HEADERS], ...rows];
  const widths = HEADERS.map((_, col) => Math.max(...all.map((row) => (row[col] ?? '').length)));
  const rightAligned = new Set([5, 6]);
  return all.map((row) =>
    row
      .map((cell, col) => (rightAligned.has(col) ? cell.padStart(widths[col] ?? 0) : cell.padEnd(widths[col] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function clip(text: string, width: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= width ? oneLine : `${oneLine.slice(0, width - 1)}…`;
}
