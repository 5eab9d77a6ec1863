/** Local branch operations. */
import { runGit } from './git';
import { revParse } from './refs';

export async function branchExists(repoRoot: string, branch: string): Promise<boolean> {
  return (await revParse(repoRoot, `refs/heads/${branch}`)) !== null;
}

/** Force-deletes a branch; used only to roll back branches Flotilla just created. */
export async function deleteBranch(repoRoot: string, branch: string): Promise<void> {
  await runGit(repoRoot, ['branch', '-D', '--', branch]);
}
