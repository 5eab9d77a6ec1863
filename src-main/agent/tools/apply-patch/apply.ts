/**
 * apply_patch as a library: parse, plan every change in memory, then commit them all or none.
 */
import { commitPlan, type CommitFs } from './commit';
import { parsePatch } from './parse';
import { planPatch, type AppliedChange } from './plan';

export type { AppliedChange } from './plan';

export type ApplyResult = { ok: true; changes: AppliedChange[]; summary: string } | { ok: false; error: string };

export async function applyPatch(root: string, text: string, io?: CommitFs): Promise<ApplyResult> {
  const parsed = parsePatch(text);
  if (!parsed.ok) return parsed;
  const planned = await planPatch(root, parsed.ops);
  if (!planned.ok) return planned;
  const committed = await commitPlan(planned.plan, io);
  if (!committed.ok) return committed;
  return { ok: true, changes: planned.plan.changes, summary: summarize(planned.plan.changes) };
}

/** Codex's success text: added, then modified, then deleted files, one per line. */
export function summarize(changes: readonly AppliedChange[]): string {
  const lines = ['Success. Updated the following files:'];
  for (const change of changes) if (change.kind === 'add') lines.push(`A ${change.path}`);
  for (const change of changes) if (change.kind === 'update') lines.push(`M ${change.movePath ?? change.path}`);
  for (const change of changes) if (change.kind === 'delete') lines.push(`D ${change.path}`);
  return `${lines.join('\n')}\n`;
}
