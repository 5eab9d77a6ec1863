/** `flotilla merge ID... [--strategy squash|merge|rebase] [--check]`: the merge train, remotely. */
import { MergeStrategySchema, type ConflictMatrix, type MergeReport } from '../../src-shared/protocol/api-review';
import { HELP_OPTION, UsageError, parseCommandArgs } from './args';
import type { Command } from './context';
import { reportError, withServer } from './remote-session';

const USAGE = `Usage: flotilla merge ID... [--strategy squash|merge|rebase] [--check]

Merges the threads, one after another, into their base branch. Each thread's work is committed
onto its branch first. A conflict stops the train before anything is half-merged; run
\`flotilla merge ID --check\` to see conflicts first.

Options:
  --strategy S  squash (default: one commit per thread), merge (a merge commit) or rebase
  --check       print the conflict matrix (each thread against the base, and each pair); merge nothing
  -h, --help    show this help
`;

const OPTIONS = { ...HELP_OPTION, strategy: { type: 'string' }, check: { type: 'boolean' } } as const;

const names = (conflicts: string[]): string => (conflicts.length === 0 ? 'clean' : `CONFLICT: ${conflicts.join(', ')}`);

export function formatMatrix(matrix: ConflictMatrix): string {
  const lines = [`Against ${matrix.baseBranch}:`, ...matrix.againstBase.map((r) => `  ${r.threadId}  ${names(r.conflicts)}`)];
  if (matrix.pairs.length > 0) lines.push('Pairs:', ...matrix.pairs.map((p) => `  ${p.a} + ${p.b}  ${names(p.conflicts)}`));
  return `${lines.join('\n')}\n`;
}

export function formatReport(report: MergeReport): string {
  const lines = report.merged.map((m) => `Merged ${m.threadId} (${m.commit.slice(0, 10)})`);
  if (report.landedOn) lines.push(report.landedOn.note);
  if (report.stopped) {
    lines.push(`Stopped at ${report.stopped.threadId}: conflicts in ${report.stopped.conflicts.join(', ')}.`);
    lines.push(`Nothing of ${report.stopped.threadId} or the threads after it was merged. Ask its agent to resolve the conflict from the app, then merge again.`);
  }
  return `${lines.join('\n')}\n`;
}

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'Merge threads into their base branch (or --check for conflicts).',
  usage: USAGE,
  async run(argv, ctx) {
    const args = parseCommandArgs(argv, OPTIONS, USAGE, ctx.stdout, { positionals: true });
    if (!args) return 0;
    const { values, positionals } = args;
    if (positionals.length === 0) throw new UsageError('name at least one thread: flotilla merge ID....');
    const strategy = MergeStrategySchema.safeParse(values.strategy ?? 'squash');
    if (!strategy.success) throw new UsageError(`--strategy must be squash, merge or rebase (got "${values.strategy}").`);
    return withServer(ctx, async (client) => {
      if (values.check) {
        const matrix = await client.call('merge.check', { threadIds: positionals });
        if (!matrix.ok) return reportError(ctx, matrix.error);
        ctx.stdout.write(formatMatrix(matrix.value));
        return 0;
      }
      const report = await client.call('merge.run', { threadIds: positionals, strategy: strategy.data });
      if (!report.ok) return reportError(ctx, report.error);
      ctx.stdout.write(formatReport(report.value));
      return report.value.stopped ? 1 : 0;
    });
  },
};
