/** Local branch operations. */
import { runGit } from './git';

export async function branchExists(repoRoot: string, branch: string): Promise<boolean> {
  const { exitCode } = await runGit(repoRoot, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], {
    successExitCodes: [0, 1],
  });
  return exitCode === 0;
}

/** Force-deletes a branch; used only to roll back branches Flotilla just created. */
export async function deleteBranch(repoRoot: string, branch: string): Promise<void> {
  await runGit(repoRoot, ['branch', '-D', '--', branch]);
}
