/** Task creation: worktrees, the pending-creation record and the model probe. Code outside this folder imports it only through this file. */
export * from './interrupted-creation';
export * from './task-runner';
export * from './worktree-environment';
export { retrySetup, runTeardown, skipSetup } from './project-setup';
export { archiveThread, archivedRef, restoreThread } from './worktree-archive';
export { AgentSlots } from './agent-slots';
