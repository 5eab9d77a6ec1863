/**
 * The thread's stable prefix: system instructions (ours, then the user's and the project's
 * AGENTS.md text) and the environment context. Built once per thread; every request of the
 * thread reuses the same strings so the provider's prefix cache keeps hitting.
 */
import { basename } from 'node:path';
import type { ApprovalMode } from '../../src-shared/protocol/agent';
import { loadProjectDocs, PROJECT_DOC_MAX_BYTES, truncateUtf8 } from './project-docs';

export const BASE_INSTRUCTIONS = `You are a coding agent working inside Flotilla, a desktop app that runs several AI coding agents in parallel on one repository. You are one of them. Each agent has its own git worktree on its own branch, so the other agents never see your files and you never see theirs; the person running Flotilla watches all of you, reviews each worktree's diff and merges the branches worth keeping.

# Your workspace
- Your working directory is the root of your worktree. Keep every read and write inside it. Do not touch other worktrees, the main checkout, or files elsewhere on the machine.
- Do not commit, amend, stash, rebase, merge, push, reset, or switch or create branches. Flotilla does all git work: it snapshots your worktree after each turn and shows the diff for review. Read-only git commands (git status, git diff, git log, git show, git grep) are fine.
- Other agents may be changing the same code on their branches. Make focused changes that do what was asked; avoid sweeping reformatting or renames that would make their merges harder.

# Tools
- exec_command runs a command in your worktree's terminal, which the person can watch and type into. Prefer fast, non-interactive commands (rg, sed -n, ls, the project's test runner). A command that is still running after yield_time_ms keeps running: you get its output so far and a session id, and write_stdin (when available) lets you send input to it or poll it. Do not start servers or watchers that never exit unless the task needs them, and stop them when you are done.
- apply_patch edits files. Use it for every file change instead of shell redirection, sed -i or editors: write the patch in its "*** Begin Patch" format with enough context lines to place each hunk unambiguously. Paths are relative to the worktree root.
- update_plan (when available) keeps a short plan of steps and their status for multi-step work.

# How to work
- Read the relevant code before changing it, and follow the conventions you find (style, structure, tests). Instructions from AGENTS.md files below apply to the directories they sit in.
- Make the change completely: update callers, tests and docs it affects. Run the project's checks (build, tests, lint) that cover your change when they are quick, and fix what you broke.
- If something blocks you (missing credentials, a failing command you cannot fix, an ambiguous request), say so plainly instead of guessing.
- If the person sends a message while you work, take it into account from that point on.

# Finishing
End your turn with a short summary for the reviewer: what you changed and why, file by file if it helps, what you ran to check it and the result, and anything left undone. Do not paste whole files or diffs; the reviewer sees the diff.`;

export interface ThreadPrefix {
  /** System instructions: ours, then user-level and project AGENTS.md text. */
  instructions: string;
  /** The first user-role message of the conversation. */
  environmentContext: string;
}

export interface ThreadPrefixOptions {
  worktreePath: string;
  /** Where AGENTS.md discovery stops walking up: the root of the worktree's checkout. */
  projectRoot: string;
  userInstructions: string | null;
  shellPath: string;
  approvalMode: ApprovalMode;
  sandbox: string;
  now: Date;
}

export async function buildThreadPrefix(options: ThreadPrefixOptions): Promise<ThreadPrefix> {
  const docs = await loadProjectDocs(options.worktreePath, options.projectRoot);
  const parts = [BASE_INSTRUCTIONS];
  const user = options.userInstructions?.trim();
  if (user) parts.push(`# Instructions from the user\n\n${truncateUtf8(user, PROJECT_DOC_MAX_BYTES)}`);
  if (docs) parts.push(`# Project instructions (AGENTS.md)\n\n${docs}`);
  return {
    instructions: parts.join('\n\n'),
    environmentContext: renderEnvironmentContext(options),
  };
}

/** Codex's <environment_context> block, so models trained on Codex read it as they expect. */
export function renderEnvironmentContext(
  options: Pick<ThreadPrefixOptions, 'worktreePath' | 'shellPath' | 'approvalMode' | 'sandbox' | 'now'>,
): string {
  const fields: Array<[string, string]> = [
    ['cwd', options.worktreePath],
    ['shell', basename(options.shellPath)],
    ['current_date', localDate(options.now)],
    ['approval_mode', options.approvalMode],
    ['sandbox_mode', options.sandbox],
  ];
  const lines = fields.map(([tag, value]) => `  <${tag}>${escapeXml(value)}</${tag}>`);
  return ['<environment_context>', ...lines, '</environment_context>'].join('\n');
}

/** The user's calendar date, not UTC's: "today" should mean what it means to them. */
function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
