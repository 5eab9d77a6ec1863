/** Local branch operations. */
import { runGit } from './git';
import { revParse } from './refs';

export async function branchExists(repoRoot: string, branch: string, signal?: AbortSignal): Promise<boolean> {
  return (await revParse(repoRoot, `refs/heads/${branch}`, signal)) !== null;
}

/** Force-deletes a branch; used only to roll back branches Flotilla just created. */
export async function deleteBranch(repoRoot: string, branch: string): Promise<void> {
  await runGit(repoRoot, ['branch', '-D', '--', branch]);
}
