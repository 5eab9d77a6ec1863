/**
 * What makes a fresh worktree a place to work in (docs/environment.md): the repository's
 * flotilla.json (or a peer tool's file), its git-ignored files copied in, a port block of its
 * own, and the FLOTILLA_* variables its agent's shell sees. One per fleet: it owns the port
 * blocks, so no two live worktrees ever share a port.
 */
import { existsSync } from 'node:fs';
import { fail, ok, type Result } from '../../../src-shared/protocol/api';
import type { ThreadSummary } from '../../../src-shared/domain/thread';
import type { ProjectEnv } from '../../../src-shared/protocol/project-env';
import { runGit } from '../../git/git';
import { copyIgnoredFiles } from '../../project/copy-ignored';
import { loadProjectEnv, ProjectConfigError } from '../../project/project-config';
import { PortBlocks } from '../../project/port-blocks';
import { worktreeEnvVars } from '../../project/worktree-env';
import { errorMessage, type FleetLogger } from '../logger';

export interface NewWorktree {
  threadId: string;
  path: string;
}

export class WorktreeEnvironments {
  private constructor(
    private readonly ports: PortBlocks,
    private readonly threads: () => readonly ThreadSummary[],
    private readonly logger: FleetLogger,
  ) {}

  /** `threads`: the fleet's threads, whose live worktrees keep their port blocks. */
  static async open(dataDir: string, threads: () => readonly ThreadSummary[], logger: FleetLogger): Promise<WorktreeEnvironments> {
    return new WorktreeEnvironments(await PortBlocks.open(dataDir, null), threads, logger);
  }

  /**
   * Lets go of the port blocks of threads whose worktree is gone, however it went (discard, a
   * merge that removed it, the user's own rm): at start, and before every new block is given.
   */
  async forgetRemovedWorktrees(): Promise<void> {
    await this.ports.retainOnly(new Set(this.threads().filter((t) => existsSync(t.worktreePath)).map((t) => t.id)));
  }

  /** The repository's environment, or `bad_project_config` naming the file and the key. */
  async load(repoRoot: string): Promise<Result<ProjectEnv>> {
    try {
      return ok(await loadProjectEnv(repoRoot));
    } catch (error) {
      if (error instanceof ProjectConfigError) return fail('bad_project_config', error.message);
      throw error;
    }
  }

  /** What the user should know, once for the task (a peer's file was read, what the worktrees lack). */
  async notesFor(repoRoot: string, env: ProjectEnv, carryChanges: boolean, signal?: AbortSignal): Promise<string[]> {
    return [...env.notes, ...(await checkoutNotes(repoRoot, carryChanges, signal))];
  }

  /**
   * Readies one new worktree: its copies, then its port block. Returns the files not copied
   * (with why), for the thread's log.
   */
  async prepare(repoRoot: string, env: ProjectEnv, worktree: NewWorktree, signal?: AbortSignal): Promise<string[]> {
    await this.forgetRemovedWorktrees();
    const report = await copyIgnoredFiles(repoRoot, worktree.path, env.copy, signal);
    await this.ports.allocate(worktree.threadId, env.ports);
    return report.skipped.map(({ path, reason }) => `Not copied into ${worktree.path}: ${path} (${reason}).`);
  }

  /** FLOTILLA_ROOT, FLOTILLA_WORKTREE, FLOTILLA_THREAD and FLOTILLA_PORT for the thread's shell. */
  varsFor(summary: ThreadSummary): Record<string, string> {
    return worktreeEnvVars({ repoRoot: summary.repoPath, worktree: summary.worktreePath, threadId: summary.id, ports: this.ports.get(summary.id) });
  }

  /** After the thread's worktree is removed: its ports go to the next worktree. */
  async release(threadId: string): Promise<void> {
    await this.ports.release(threadId).catch((error: unknown) => this.logger.warn(`Could not free the ports of ${threadId}: ${errorMessage(error)}`));
  }
}


/** What the worktrees will not have that the user's checkout has. */
async function checkoutNotes(repoRoot: string, carryChanges: boolean, signal?: AbortSignal): Promise<string[]> {
  const notes: string[] = [];
  const status = await runGit(repoRoot, ['status', '--porcelain', '--untracked-files=normal', '--ignore-submodules=all'], { signal });
  const lines = status.stdout.split('\n').filter((line) => line.trim() !== '');
  const untracked = lines.filter((line) => line.startsWith('??')).length;
  const changed = lines.length - untracked;
  const what = [plural(changed, 'tracked file'), untracked > 0 ? plural(untracked, 'untracked file') : ''].filter((part) => part !== '' && !part.startsWith('0 ')).join(' and ');
  if (what !== '' && carryChanges) {
    notes.push(`Your checkout's uncommitted changes (${what}) are carried into each worktree; your checkout is left as it is.`);
  } else if (what !== '') {
    notes.push(
      `Your checkout has uncommitted changes to ${what}; the agents start from the last commit without them. Commit them, or start the task with "carry changes" (carryChanges, flotilla new --carry-changes) to give them to the agents.`,
    );
  }
  if (existsSync(`${repoRoot}/.gitmodules`)) {
    notes.push(
      'This repository has submodules; new worktrees get them uninitialised: Flotilla\'s own git never fetches (no transport, no credentials). Add "git submodule update --init --recursive" to "setup" in flotilla.json (and allow the network for the task) to have them in every worktree.',
    );
  }
  return notes;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
