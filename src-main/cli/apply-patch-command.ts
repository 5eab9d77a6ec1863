/**
 * `flotilla apply-patch`: applies a patch, given as the argument or read from stdin, with the
 * agent's own apply_patch code (same parser, matching, confinement and messages), for scripting
 * and for debugging a patch a model sent. Called as Codex's `apply_patch "$PATCH"` is, it prints
 * what Codex prints: the success summary on stdout and exit 0, or the error on stderr and exit 1.
 */
import { resolve } from 'node:path';
import { applyPatch } from '../agent/tools/apply-patch/apply';
import { HELP_OPTION, parseCommandArgs, UsageError } from './args';
import type { Command } from './context';

const USAGE = `Usage: flotilla apply-patch [--cwd DIR] [PATCH]
       flotilla apply-patch [--cwd DIR] < PATCH

Applies a patch in the apply_patch format (\`*** Begin Patch\` ... \`*** End Patch\`), given as
the argument or read from stdin, exactly as an agent's apply_patch tool does: paths are relative to
the directory and may not leave it, and the patch applies entirely or not at all. See
docs/apply-patch.md for where it differs from Codex's apply_patch.

Options:
  --cwd DIR     the directory the patch's paths are relative to (default: the current directory)
  -h, --help    show this help
`;

const OPTIONS = { ...HELP_OPTION, cwd: { type: 'string' } } as const;

export const applyPatchCommand: Command = {
  name: 'apply-patch',
  summary: "Apply a patch (argument or stdin) as the agents' apply_patch tool does.",
  usage: USAGE,
  async run(argv, ctx) {
    const args = parseCommandArgs(argv, OPTIONS, USAGE, ctx.stdout, { positionals: true });
    if (!args) return 0;
    const { values, positionals } = args;
    if (positionals.length > 1) throw new UsageError('apply-patch takes one PATCH argument (quote it).');
    const text = positionals[0] ?? (await readAll(ctx.stdin ?? process.stdin));
    const result = await applyPatch(resolve(ctx.cwd, values.cwd ?? '.'), text);
    if (!result.ok) {
      ctx.stderr.write(`${result.error}\n`);
      return 1;
    }
    ctx.stdout.write(result.summary);
    return 0;
  },
};

async function readAll(stream: AsyncIterable<string | Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
