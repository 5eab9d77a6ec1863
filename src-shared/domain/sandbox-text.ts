/** The sandbox said plainly, the same way by `run`, `serve` and the UI's banner. */
import type { SandboxGrants, SandboxStatus } from '../protocol/sandbox';

const CONTAINED = "no network, only their worktree writable, your credential folders and Flotilla's data hidden";

export function sandboxLine(status: SandboxStatus): string {
  if (status.available) {
    const what = status.kind === 'sandbox-exec' ? 'a macOS sandbox (sandbox-exec)' : 'a bubblewrap sandbox';
    return `Agents run in ${what}: ${CONTAINED}. Network and credential folders can be allowed per thread.`;
  }
  const problem = `No sandbox works here: ${status.problem ?? 'none is available.'}`;
  return status.allowUnsandboxed
    ? `${problem} You opted in to unsandboxed work (allowUnsandboxed), so agents' commands run with your permissions, full auto included.`
    : `${problem} Agents' commands run with your permissions, so full auto is off (commands ask first); set "allowUnsandboxed": true in settings.json to allow it anyway.`;
}

/** One short phrase for a thread's grants; null for the default (nothing granted). */
export function grantsPhrase(grants: SandboxGrants): string | null {
  const parts = [grants.network ? 'network on' : null, grants.credentials.length > 0 ? `reads ${grants.credentials.join(', ')}` : null];
  const shown = parts.filter((part) => part !== null);
  return shown.length > 0 ? shown.join(' · ') : null;
}
