/**
 * A thread's diff: its worktree (committed, uncommitted and untracked work) against the
 * merge-base with its base branch, or one turn's change between two checkpoints. The worktree is
 * snapshotted into a tree first (temporary index), so one `git diff` of two trees covers it all,
 * with renames, binary files, mode changes and deletions reported by git itself.
 */
import type { DiffFile, ThreadDiff } from '../../src-shared/protocol/api-review';
import { listCheckpoints } from './checkpoint';
import { revParse, snapshotTree } from './checkpoint-snapshot';
import { bothSettled } from './concurrency';
import { countLines, parseRaw, parseSection, splitPatch, type PatchSection } from './diff-parse';
import { mergeBase } from './diff-stat';
import { runGit } from './git';

const DIFF_FLAGS = ['--no-color', '--no-ext-diff', '--no-textconv', '-M', '--find-renames'];

export interface FileWithPatch {
  file: DiffFile;
  hunkTexts: string[];
}

/** Diffs two trees (or commits); each file comes with its hunks' exact text. */
export async function diffTrees(cwd: string, from: string, to: string, paths: string[] = [], signal?: AbortSignal): Promise<FileWithPatch[]> {
  const limit = ['--', ...paths];
  // One process for both: -z changes only the raw records, which end with an empty field; the
  // patch after it is the same text as without -z.
  const { stdout } = await runGit(cwd, ['diff', ...DIFF_FLAGS, '--raw', '-p', '--unified=3', '-z', from, to, ...limit], { signal });
  const end = stdout.indexOf('\0\0');
  const raw = end === -1 ? stdout : stdout.slice(0, end + 1);
  const sections = splitPatch(end === -1 ? '' : stdout.slice(end + 2));
  let next = 0;
  return parseRaw(raw).map((entry) => {
    // git prints a type change (file <-> symlink) as a deletion followed by an addition.
    const parts = entry.status === 'typechange' ? [sections[next++], sections[next++]] : [sections[next++]];
    const parsed = parts.map((lines) => parseSection(lines ?? []));
    const section: PatchSection = {
      binary: parsed.some((p) => p.binary),
      hunks: parsed.flatMap((p) => p.hunks),
      hunkTexts: parsed.flatMap((p) => p.hunkTexts),
    };
    const counts = section.binary ? { additions: 0, deletions: 0 } : countLines(section.hunks);
    const file: DiffFile = { ...entry, binary: section.binary, ...counts, hunks: section.hunks };
    return { file, hunkTexts: section.hunkTexts };
  });
}

/** The worktree against the merge-base of its HEAD with `baseBranch`. */
export async function worktreeDiff(
  worktree: string,
  baseBranch: string,
  paths: string[] = [],
  signal?: AbortSignal,
): Promise<{ baseCommit: string; files: FileWithPatch[] }> {
  const [base, tree] = await bothSettled(mergeBase(worktree, baseBranch, signal), snapshotTree(worktree, signal));
  return { baseCommit: base, files: await diffTrees(worktree, base, tree, paths, signal) };
}

export async function threadDiff(worktree: string, baseBranch: string, signal?: AbortSignal): Promise<ThreadDiff> {
  const { baseCommit, files } = await worktreeDiff(worktree, baseBranch, [], signal);
  return { baseCommit, files: files.map((f) => f.file) };
}

/** One turn's change: its checkpoint against the previous one (or against where the turn began). */
export async function turnDiff(repo: string, threadId: string, turn: number, signal?: AbortSignal): Promise<ThreadDiff | null> {
  const checkpoints = await listCheckpoints(repo, threadId, signal);
  const current = checkpoints.find((c) => c.turn === turn);
  if (!current) return null;
  const previous = checkpoints.filter((c) => c.turn < turn).pop();
  // Checkpoint commits sit on the branch head of their time; turn 1 starts from that head.
  const from = previous?.commit ?? (await revParse(repo, `${current.commit}^`, signal)) ?? current.commit;
  const files = await diffTrees(repo, from, current.commit, [], signal);
  return { baseCommit: from, files: files.map((f) => f.file) };
}
