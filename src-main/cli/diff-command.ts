/** `flotilla diff ID [--stat] [--turn N]`: a thread's change, from the running server. */
import type { DiffFile, ThreadDiff } from '../../src-shared/protocol/api-review';
import { HELP_OPTION, UsageError, parseIntFlag, parseCommandArgs } from './args';
import type { Command } from './context';
import { reportError, withServer } from './remote-session';

const USAGE = `Usage: flotilla diff ID [--stat] [--turn N]

Shows thread ID's change: its worktree (committed, uncommitted and untracked work) against the
merge-base with its base branch, or with --turn one turn's change between checkpoints.

Options:
  --stat      only the list of files with their status and +/- counts
  --turn N    the change made by turn N
  -h, --help  show this help
`;

const OPTIONS = { ...HELP_OPTION, stat: { type: 'boolean' }, turn: { type: 'string' } } as const;

const LETTER: Record<DiffFile['status'], string> = { added: 'A', modified: 'M', deleted: 'D', renamed: 'R', copied: 'C', typechange: 'T' };

function fileName(file: DiffFile): string {
  return file.oldPath ? `${file.oldPath} -> ${file.path}` : file.path;
}

function fileNote(file: DiffFile): string {
  const notes = [file.binary ? 'binary' : null, file.oldMode && file.newMode && file.oldMode !== file.newMode ? `mode ${file.oldMode} -> ${file.newMode}` : null];
  const text = notes.filter(Boolean).join(', ');
  return text ? ` (${text})` : '';
}

export function formatStat(diff: ThreadDiff): string {
  const lines = diff.files.map((f) => `${LETTER[f.status]} ${fileName(f)}  +${f.additions} -${f.deletions}${fileNote(f)}`);
  const add = diff.files.reduce((n, f) => n + f.additions, 0);
  const del = diff.files.reduce((n, f) => n + f.deletions, 0);
  lines.push(`${diff.files.length} file${diff.files.length === 1 ? '' : 's'} changed, +${add} -${del}`);
  return `${lines.join('\n')}\n`;
}

export function formatPatch(diff: ThreadDiff): string {
  const out: string[] = [];
  for (const file of diff.files) {
    out.push(`${LETTER[file.status]} ${fileName(file)}${fileNote(file)}`);
    for (const hunk of file.hunks) {
      out.push(hunk.header);
      for (const line of hunk.lines) out.push(`${line.kind === 'add' ? '+' : line.kind === 'del' ? '-' : ' '}${line.text}`);
    }
  }
  return out.length > 0 ? `${out.join('\n')}\n` : 'No changes.\n';
}

export const diffCommand: Command = {
  name: 'diff',
  summary: "Show a thread's changes (worktree against its base, or one turn).",
  usage: USAGE,
  async run(argv, ctx) {
    const args = parseCommandArgs(argv, OPTIONS, USAGE, ctx.stdout, { positionals: true });
    if (!args) return 0;
    const { values, positionals } = args;
    const [threadId, ...extra] = positionals;
    if (!threadId || extra.length > 0) throw new UsageError('name exactly one thread: flotilla diff ID.');
    const turn = parseIntFlag('turn', values.turn, 1, Number.MAX_SAFE_INTEGER) ?? null;
    return withServer(ctx, async (client) => {
      const diff = await client.call('thread.diff', { threadId, turn });
      if (!diff.ok) return reportError(ctx, diff.error);
      ctx.stdout.write(values.stat ? formatStat(diff.value) : formatPatch(diff.value));
      return 0;
    });
  },
};
