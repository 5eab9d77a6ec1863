/**
 * `flotilla apply-patch`: applies a patch read from stdin with the agent's own apply_patch code
 * (same parser, matching, confinement and messages), for scripting and for debugging a patch a
 * model sent. Prints Codex's success summary and exits 0, or prints the error and exits 1.
 */
import { resolve } from 'node:path';
import { applyPatch } from '../agent/tools/apply-patch/apply';
import { HELP_OPTION, parseCommandArgs } from './args';
import type { Command } from './context';

const USAGE = `Usage: flotilla apply-patch [--cwd DIR] < PATCH

Applies a patch in the apply_patch format (\`*** Begin Patch\` ... \`*** End Patch\`) read from
stdin, exactly as an agent's apply_patch tool does: paths are relative to the directory and may
not leave it, and the patch applies entirely or not at all.

Options:
  --cwd DIR     the directory the patch's paths are relative to (default: the current directory)
  -h, --help    show this help
`;

const OPTIONS = { ...HELP_OPTION, cwd: { type: 'string' } } as const;

export const applyPatchCommand: Command = {
  name: 'apply-patch',
  summary: "Apply a patch from stdin as the agents' apply_patch tool does.",
  usage: USAGE,
  async run(argv, ctx) {
    const args = parseCommandArgs(argv, OPTIONS, USAGE, ctx.stdout, { positionals: false });
    if (!args) return 0;
    const { values } = args;
    const text = await readAll(ctx.stdin ?? process.stdin);
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
